/*
  Creator codes: status history for attribution, a deleted code frees its text, a cap on code values, and an API
  key scope for minting codes (issue #12 A5, B7, E).

  Warnings:

  - A unique constraint covering the columns `[shop,id]` on the table `DiscountCode` will be added. It cannot
    fail: `id` is already the primary key.

  HAND-WRITTEN: "DiscountCode_shop_codeNormalized_live_key" is a PARTIAL unique index (one live code per text;
  deleted codes keep their row for past orders but no longer hold the text). Prisma's schema language cannot say
  `WHERE`, so prisma/schema.prisma does not declare it. Prisma's schema engine skips partial indexes when it reads
  a database, so the diff behind `npm run db:migration` (tools/db) never sees it: it neither drops it nor writes it
  again (checked: after this migration, `npm run db:migration` finds nothing to change). Do not declare it in the
  schema (a @@unique would be total; a @@index of the same name would make the diff add a second, plain index).
  Inserts that race for the same text still get a unique violation (P2002), which the services already handle.
*/
-- AlterEnum
ALTER TYPE "ApiKeyScope" ADD VALUE 'read_write_codes';

-- DropIndex
DROP INDEX "DiscountCode_shop_codeNormalized_key";

-- AlterTable
ALTER TABLE "ProgramSettings" ADD COLUMN     "maxCodeDiscountAmountMinor" BIGINT,
ADD COLUMN     "maxCodeDiscountBasisPoints" INTEGER NOT NULL DEFAULT 2000;

-- CreateTable
CREATE TABLE "DiscountCodeStatusChange" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "codeId" TEXT NOT NULL,
    "status" "DiscountCodeStatus" NOT NULL,
    "since" TIMESTAMP(3) NOT NULL,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "DiscountCodeStatusChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DiscountCodeStatusChange_shop_codeId_since_idx" ON "DiscountCodeStatusChange"("shop", "codeId", "since");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_codeNormalized_idx" ON "DiscountCode"("shop", "codeNormalized");

-- CreateIndex (hand-written: partial, see the comment at the top)
CREATE UNIQUE INDEX "DiscountCode_shop_codeNormalized_live_key" ON "DiscountCode"("shop", "codeNormalized") WHERE "status" <> 'deleted';

-- CreateIndex
CREATE UNIQUE INDEX "DiscountCode_shop_id_key" ON "DiscountCode"("shop", "id");

-- AddForeignKey
ALTER TABLE "DiscountCodeStatusChange" ADD CONSTRAINT "DiscountCodeStatusChange_shop_codeId_fkey" FOREIGN KEY ("shop", "codeId") REFERENCES "DiscountCode"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill (hand-written): every existing code was active from its creation; a code that is inactive or deleted
-- today changed at its last update, the best time known. Attribution of orders placed before this migration was
-- already decided, so the estimate only matters for webhooks still in flight.
INSERT INTO "DiscountCodeStatusChange" ("id", "shop", "codeId", "status", "since", "actor")
SELECT 'backfill-active-' || "id", "shop", "id", 'active', LEAST("createdAt", "startsAt"), 'system:migration' FROM "DiscountCode";
INSERT INTO "DiscountCodeStatusChange" ("id", "shop", "codeId", "status", "since", "actor")
SELECT 'backfill-' || "status"::text || '-' || "id", "shop", "id", "status", "updatedAt", 'system:migration' FROM "DiscountCode" WHERE "status" <> 'active';
