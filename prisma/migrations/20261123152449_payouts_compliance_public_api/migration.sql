-- CreateEnum
CREATE TYPE "TierPeriod" AS ENUM ('calendar_month', 'calendar_quarter', 'lifetime');

-- CreateEnum
CREATE TYPE "OrderSource" AS ENUM ('shopify', 'api');

-- CreateEnum
CREATE TYPE "ApiKeyScope" AS ENUM ('read', 'read_write');

-- CreateEnum
CREATE TYPE "OutboundMessageStatus" AS ENUM ('pending', 'delivered', 'failed');

-- AlterEnum
ALTER TYPE "CommissionType" ADD VALUE 'tiered';

-- AlterEnum
ALTER TYPE "LedgerEntryKind" ADD VALUE 'manual_reversal';

-- AlterTable
ALTER TABLE "AttributedOrder" ADD COLUMN     "source" "OrderSource" NOT NULL DEFAULT 'shopify';

-- AlterTable
ALTER TABLE "LedgerEntry" ADD COLUMN     "actor" TEXT NOT NULL DEFAULT 'webhook',
ADD COLUMN     "payoutId" TEXT;

-- AlterTable
ALTER TABLE "ProgramSettings" ADD COLUMN     "capPerOrderMinor" BIGINT,
ADD COLUMN     "collectionRates" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "minimumPayoutMinor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "productRates" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "tierPeriod" "TierPeriod" NOT NULL DEFAULT 'calendar_month',
ADD COLUMN     "tiers" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "redactedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "Payout" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "currency" TEXT NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "commissionCount" INTEGER NOT NULL,
    "method" TEXT NOT NULL,
    "reference" TEXT,
    "note" TEXT,
    "createdBy" TEXT NOT NULL,
    "requestKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Payout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DataRequest" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyCustomerId" TEXT,
    "customerEmailHash" TEXT,
    "requestId" TEXT,
    "report" JSONB NOT NULL,
    "webhookEventId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DataRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "keyHash" TEXT NOT NULL,
    "scope" "ApiKeyScope" NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiIdempotencyKey" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "apiKeyId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "responseStatus" INTEGER NOT NULL,
    "responseBody" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ApiIdempotencyKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CustomerReferral" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "customerId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CustomerReferral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "events" TEXT[],
    "secret" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundWebhookMessage" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "endpointId" TEXT NOT NULL,
    "eventType" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboundMessageStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "lastStatusCode" INTEGER,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "OutboundWebhookMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundWebhookAttempt" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "statusCode" INTEGER,
    "responseBody" TEXT,
    "error" TEXT,
    "durationMs" INTEGER NOT NULL,
    "attemptedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OutboundWebhookAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Payout_shop_creatorId_createdAt_idx" ON "Payout"("shop", "creatorId", "createdAt");

-- CreateIndex
CREATE INDEX "Payout_shop_createdAt_idx" ON "Payout"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_shop_requestKey_key" ON "Payout"("shop", "requestKey");

-- CreateIndex
CREATE UNIQUE INDEX "Payout_shop_id_key" ON "Payout"("shop", "id");

-- CreateIndex
CREATE INDEX "DataRequest_shop_createdAt_idx" ON "DataRequest"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "DataRequest_shop_webhookEventId_key" ON "DataRequest"("shop", "webhookEventId");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_keyHash_key" ON "ApiKey"("keyHash");

-- CreateIndex
CREATE INDEX "ApiKey_shop_createdAt_idx" ON "ApiKey"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ApiIdempotencyKey_shop_apiKeyId_key_key" ON "ApiIdempotencyKey"("shop", "apiKeyId", "key");

-- CreateIndex
CREATE INDEX "CustomerReferral_shop_creatorId_idx" ON "CustomerReferral"("shop", "creatorId");

-- CreateIndex
CREATE UNIQUE INDEX "CustomerReferral_shop_customerId_key" ON "CustomerReferral"("shop", "customerId");

-- CreateIndex
CREATE INDEX "WebhookEndpoint_shop_idx" ON "WebhookEndpoint"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "WebhookEndpoint_shop_id_key" ON "WebhookEndpoint"("shop", "id");

-- CreateIndex
CREATE INDEX "OutboundWebhookMessage_status_nextAttemptAt_idx" ON "OutboundWebhookMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboundWebhookMessage_shop_endpointId_createdAt_idx" ON "OutboundWebhookMessage"("shop", "endpointId", "createdAt");

-- CreateIndex
CREATE INDEX "OutboundWebhookAttempt_shop_messageId_idx" ON "OutboundWebhookAttempt"("shop", "messageId");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_payoutId_idx" ON "LedgerEntry"("shop", "payoutId");
