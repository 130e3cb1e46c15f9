-- AlterTable
ALTER TABLE "CreatorTaxForm" ADD COLUMN     "dateOfBirth" TEXT,
ADD COLUMN     "foreignTinReason" TEXT;

-- CreateTable
CREATE TABLE "PayoutDetailsChange" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "method" "PayoutRunMethod" NOT NULL,
    "payloadSealed" TEXT NOT NULL,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "tokenHash" TEXT NOT NULL,
    "sentTo" TEXT NOT NULL,
    "requestedVia" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "confirmedAt" TIMESTAMP(3),
    "supersededAt" TIMESTAMP(3),

    CONSTRAINT "PayoutDetailsChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PayoutDetailsChange_tokenHash_key" ON "PayoutDetailsChange"("tokenHash");

-- CreateIndex
CREATE INDEX "PayoutDetailsChange_shop_creatorId_createdAt_idx" ON "PayoutDetailsChange"("shop", "creatorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutDetailsChange_shop_id_key" ON "PayoutDetailsChange"("shop", "id");
