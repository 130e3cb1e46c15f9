-- CreateEnum
CREATE TYPE "AttributedOrderStatus" AS ENUM ('attributed', 'unattributed', 'ignored_test', 'no_program');

-- CreateEnum
CREATE TYPE "CommissionStatus" AS ENUM ('pending', 'approved', 'paid', 'reversed', 'on_hold');

-- CreateEnum
CREATE TYPE "LedgerEntryKind" AS ENUM ('accrual', 'refund_reversal', 'edit_adjustment', 'cancellation', 'clawback', 'payout', 'approval', 'hold', 'release');

-- CreateTable
CREATE TABLE "AttributedOrder" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyOrderId" TEXT NOT NULL,
    "shopifyOrderLegacyId" TEXT NOT NULL,
    "name" TEXT,
    "orderCreatedAt" TIMESTAMP(3) NOT NULL,
    "currency" TEXT NOT NULL,
    "presentmentCurrency" TEXT NOT NULL,
    "baseMinor" BIGINT NOT NULL DEFAULT 0,
    "presentmentBaseMinor" BIGINT NOT NULL DEFAULT 0,
    "customerId" TEXT,
    "customerEmailHash" TEXT,
    "test" BOOLEAN NOT NULL,
    "attribution" JSONB NOT NULL,
    "creatorId" TEXT,
    "status" "AttributedOrderStatus" NOT NULL,
    "cancelledAt" TIMESTAMP(3),
    "sourceWebhookEventId" TEXT NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttributedOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Commission" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyOrderId" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "status" "CommissionStatus" NOT NULL,
    "currency" TEXT NOT NULL,
    "netMinor" BIGINT NOT NULL,
    "paidMinor" BIGINT NOT NULL DEFAULT 0,
    "ruleVersionId" TEXT NOT NULL,
    "derivation" JSONB NOT NULL,
    "ledgerState" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "orderCreatedAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Commission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LedgerEntry" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "commissionId" TEXT NOT NULL,
    "kind" "LedgerEntryKind" NOT NULL,
    "amountMinor" BIGINT NOT NULL,
    "currency" TEXT NOT NULL,
    "sourceKey" TEXT NOT NULL,
    "webhookEventId" TEXT,
    "statusAfter" "CommissionStatus" NOT NULL,
    "note" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LedgerEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeferredOrderEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "shopifyOrderLegacyId" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "webhookEventId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DeferredOrderEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AttributedOrder_shop_shopifyOrderLegacyId_idx" ON "AttributedOrder"("shop", "shopifyOrderLegacyId");

-- CreateIndex
CREATE INDEX "AttributedOrder_shop_creatorId_orderCreatedAt_idx" ON "AttributedOrder"("shop", "creatorId", "orderCreatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "AttributedOrder_shop_shopifyOrderId_key" ON "AttributedOrder"("shop", "shopifyOrderId");

-- CreateIndex
CREATE INDEX "Commission_shop_creatorId_status_idx" ON "Commission"("shop", "creatorId", "status");

-- CreateIndex
CREATE INDEX "Commission_shop_status_orderCreatedAt_idx" ON "Commission"("shop", "status", "orderCreatedAt");

-- CreateIndex
CREATE UNIQUE INDEX "Commission_shop_shopifyOrderId_creatorId_key" ON "Commission"("shop", "shopifyOrderId", "creatorId");

-- CreateIndex
CREATE UNIQUE INDEX "Commission_shop_id_key" ON "Commission"("shop", "id");

-- CreateIndex
CREATE INDEX "LedgerEntry_shop_createdAt_idx" ON "LedgerEntry"("shop", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerEntry_shop_commissionId_kind_sourceKey_key" ON "LedgerEntry"("shop", "commissionId", "kind", "sourceKey");

-- CreateIndex
CREATE UNIQUE INDEX "DeferredOrderEvent_shop_shopifyOrderLegacyId_eventKey_key" ON "DeferredOrderEvent"("shop", "shopifyOrderLegacyId", "eventKey");

-- AddForeignKey
ALTER TABLE "LedgerEntry" ADD CONSTRAINT "LedgerEntry_shop_commissionId_fkey" FOREIGN KEY ("shop", "commissionId") REFERENCES "Commission"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;
