-- AlterTable
ALTER TABLE "AttributedOrder" ADD COLUMN     "clickId" TEXT;

-- CreateIndex
CREATE INDEX "AttributedOrder_shop_clickId_idx" ON "AttributedOrder"("shop", "clickId");

-- AddForeignKey
ALTER TABLE "AttributedOrder" ADD CONSTRAINT "AttributedOrder_clickId_fkey" FOREIGN KEY ("clickId") REFERENCES "Click"("id") ON DELETE SET NULL ON UPDATE CASCADE;
