-- AlterTable
ALTER TABLE "RiskScan" ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "startedBy" TEXT;

-- CreateIndex
CREATE INDEX "AttributedOrder_shop_orderCreatedAt_idx" ON "AttributedOrder"("shop", "orderCreatedAt");

-- CreateIndex
CREATE INDEX "Click_shop_createdAt_idx" ON "Click"("shop", "createdAt");
