-- CreateEnum
CREATE TYPE "PayoutRunMethod" AS ENUM ('paypal', 'store_credit', 'gift_card', 'sepa_file', 'wise_file', 'csv_file', 'manual');

-- CreateEnum
CREATE TYPE "PayoutRunStatus" AS ENUM ('planned', 'approved', 'submitting', 'submitted', 'settled', 'partly_failed', 'voided');

-- CreateEnum
CREATE TYPE "PayoutItemStatus" AS ENUM ('planned', 'excluded', 'approved', 'submitting', 'submitted', 'succeeded', 'failed', 'needs_review', 'voided');

-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "runItemId" TEXT;

-- CreateTable
CREATE TABLE "PayoutSettings" (
    "shop" TEXT NOT NULL,
    "schedule" TEXT NOT NULL DEFAULT 'off',
    "scheduleWeekday" INTEGER,
    "scheduleMonthDay" INTEGER,
    "autoApproveBelowMinor" BIGINT,
    "requireTaxForm" BOOLEAN NOT NULL DEFAULT false,
    "defaultMethod" "PayoutRunMethod",
    "paypalEnvironment" TEXT NOT NULL DEFAULT 'sandbox',
    "paypalClientId" TEXT,
    "paypalClientSecretSealed" TEXT,
    "paypalWebhookId" TEXT,
    "paypalConnectedAt" TIMESTAMP(3),
    "paypalConnectedBy" TEXT,
    "sepaDebtorName" TEXT,
    "sepaDebtorIbanSealed" TEXT,
    "sepaDebtorIbanLast4" TEXT,
    "sepaDebtorBic" TEXT,
    "storeCreditExpiryDays" INTEGER,
    "giftCardExpiryDays" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "PayoutSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "StaffMember" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "displayName" TEXT,
    "isOwner" BOOLEAN NOT NULL DEFAULT false,
    "canApprovePayouts" BOOLEAN NOT NULL DEFAULT false,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "updatedBy" TEXT,

    CONSTRAINT "StaffMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreatorPayoutProfile" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "method" "PayoutRunMethod",
    "paypalEmail" TEXT,
    "ibanSealed" TEXT,
    "ibanLast4" TEXT,
    "bic" TEXT,
    "accountHolderName" TEXT,
    "country" TEXT,
    "reviewRequired" BOOLEAN NOT NULL DEFAULT false,
    "reviewReason" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreatorPayoutProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreatorTaxForm" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "legalName" TEXT NOT NULL,
    "businessName" TEXT,
    "taxClassification" TEXT,
    "country" TEXT NOT NULL,
    "address" JSONB NOT NULL,
    "tinType" TEXT NOT NULL,
    "tinSealed" TEXT,
    "tinLast4" TEXT,
    "signatureName" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "supersededAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreatorTaxForm_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutRun" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "status" "PayoutRunStatus" NOT NULL,
    "currency" TEXT NOT NULL,
    "totalMinor" BIGINT NOT NULL,
    "itemCount" INTEGER NOT NULL,
    "excludedCount" INTEGER NOT NULL DEFAULT 0,
    "trigger" TEXT NOT NULL,
    "requestKey" TEXT,
    "scheduleKey" TEXT,
    "plannedAt" TIMESTAMP(3) NOT NULL,
    "plannedBy" TEXT NOT NULL,
    "approvedAt" TIMESTAMP(3),
    "approvedBy" TEXT,
    "approvalRule" TEXT,
    "voidedAt" TIMESTAMP(3),
    "voidedBy" TEXT,
    "voidReason" TEXT,
    "submittedAt" TIMESTAMP(3),
    "settledAt" TIMESTAMP(3),
    "lastError" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "leaseUntil" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayoutRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PayoutRunItem" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "status" "PayoutItemStatus" NOT NULL,
    "method" "PayoutRunMethod",
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "clawbackMinor" BIGINT NOT NULL DEFAULT 0,
    "commissionCount" INTEGER NOT NULL DEFAULT 0,
    "excludedReason" TEXT,
    "destination" JSONB NOT NULL DEFAULT '{}',
    "senderItemId" TEXT NOT NULL,
    "senderBatchId" TEXT,
    "providerBatchId" TEXT,
    "providerItemId" TEXT,
    "providerStatus" TEXT,
    "failureReason" TEXT,
    "giftCardCodeSealed" TEXT,
    "giftCardLastCharacters" TEXT,
    "payoutId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "submittingAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PayoutRunItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProviderWebhookEvent" (
    "id" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "resourceId" TEXT,
    "payload" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "processedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "ProviderWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_shop_userId_key" ON "StaffMember"("shop", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "StaffMember_shop_id_key" ON "StaffMember"("shop", "id");

-- CreateIndex
CREATE UNIQUE INDEX "CreatorPayoutProfile_shop_creatorId_key" ON "CreatorPayoutProfile"("shop", "creatorId");

-- CreateIndex
CREATE INDEX "CreatorTaxForm_shop_creatorId_signedAt_idx" ON "CreatorTaxForm"("shop", "creatorId", "signedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CreatorTaxForm_shop_id_key" ON "CreatorTaxForm"("shop", "id");

-- CreateIndex
CREATE INDEX "PayoutRun_shop_status_plannedAt_idx" ON "PayoutRun"("shop", "status", "plannedAt");

-- CreateIndex
CREATE INDEX "PayoutRun_status_nextAttemptAt_idx" ON "PayoutRun"("status", "nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutRun_shop_id_key" ON "PayoutRun"("shop", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutRun_shop_requestKey_key" ON "PayoutRun"("shop", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutRun_shop_scheduleKey_key" ON "PayoutRun"("shop", "scheduleKey");

-- CreateIndex
CREATE INDEX "PayoutRunItem_shop_runId_status_idx" ON "PayoutRunItem"("shop", "runId", "status");

-- CreateIndex
CREATE INDEX "PayoutRunItem_shop_creatorId_createdAt_idx" ON "PayoutRunItem"("shop", "creatorId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutRunItem_shop_id_key" ON "PayoutRunItem"("shop", "id");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutRunItem_shop_runId_creatorId_key" ON "PayoutRunItem"("shop", "runId", "creatorId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutRunItem_shop_senderItemId_key" ON "PayoutRunItem"("shop", "senderItemId");

-- CreateIndex
CREATE UNIQUE INDEX "PayoutRunItem_shop_payoutId_key" ON "PayoutRunItem"("shop", "payoutId");

-- CreateIndex
CREATE INDEX "ProviderWebhookEvent_shop_receivedAt_idx" ON "ProviderWebhookEvent"("shop", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ProviderWebhookEvent_provider_shop_eventId_key" ON "ProviderWebhookEvent"("provider", "shop", "eventId");

-- One owner per shop: the first staff member to open the app after install becomes the owner, race-safe.
CREATE UNIQUE INDEX "StaffMember_one_owner_per_shop" ON "StaffMember"("shop") WHERE "isOwner";
