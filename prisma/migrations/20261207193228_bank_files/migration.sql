-- CreateTable
CREATE TABLE "PayoutBankFile" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "method" "PayoutRunMethod" NOT NULL,
    "sequence" INTEGER NOT NULL,
    "messageId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "contentSealed" TEXT NOT NULL,
    "itemIds" TEXT[],
    "itemCount" INTEGER NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "downloadCount" INTEGER NOT NULL DEFAULT 0,
    "lastDownloadedAt" TIMESTAMP(3),
    "lastDownloadedBy" TEXT,

    CONSTRAINT "PayoutBankFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PayoutBankFile_shop_id_key" ON "PayoutBankFile"("shop", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutBankFile_shop_messageId_key" ON "PayoutBankFile"("shop", "messageId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutBankFile_shop_runId_method_sequence_key" ON "PayoutBankFile"("shop", "runId", "method", "sequence");
