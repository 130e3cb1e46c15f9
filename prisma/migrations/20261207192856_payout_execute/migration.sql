-- Payout execution (Part 7, h2): needs-review reason and resolution on items; SentEmail.dedupeKey so a payout
-- statement is emailed once. The new column is NULL everywhere, and NULLs never collide in a unique index.
-- AlterTable
ALTER TABLE "PayoutRunItem" ADD COLUMN     "resolvedAt" TIMESTAMP(3),
ADD COLUMN     "resolvedBy" TEXT,
ADD COLUMN     "reviewReason" TEXT;

-- AlterTable
ALTER TABLE "SentEmail" ADD COLUMN     "dedupeKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "SentEmail_shop_dedupeKey_key" ON "SentEmail"("shop", "dedupeKey");
