-- AlterTable
ALTER TABLE "CreatorImport" ADD COLUMN     "currency" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "importedCandidates" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "leaseUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CreatorImportRow" (
    "importId" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "rowNumber" INTEGER NOT NULL,
    "record" JSONB NOT NULL,

    CONSTRAINT "CreatorImportRow_pkey" PRIMARY KEY ("importId","position")
);

-- CreateIndex
CREATE INDEX "CreatorImportRow_shop_idx" ON "CreatorImportRow"("shop");

-- CreateIndex
CREATE INDEX "CreatorImport_status_leaseUntil_idx" ON "CreatorImport"("status", "leaseUntil");

-- AddForeignKey
ALTER TABLE "CreatorImportRow" ADD CONSTRAINT "CreatorImportRow_importId_fkey" FOREIGN KEY ("importId") REFERENCES "CreatorImport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Imports left running by a restart before this release cannot resume (their rows were never stored): say so.
UPDATE "CreatorImport" SET "status" = 'failed', "finishedAt" = CURRENT_TIMESTAMP,
  "rowErrors" = '[{"row": 0, "reason": "The import was interrupted by a restart. Rows imported so far are kept; upload the same file again to finish (nothing is imported twice)."}]'::jsonb
WHERE "status" = 'running';
