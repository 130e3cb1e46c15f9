-- CreateEnum
CREATE TYPE "RiskRule" AS ENUM ('self_referral', 'leaked_code', 'paid_traffic', 'click_spam', 'velocity', 'refund_abuse', 'duplicate_identity');

-- CreateEnum
CREATE TYPE "RiskSeverity" AS ENUM ('low', 'medium', 'high');

-- CreateEnum
CREATE TYPE "RiskAction" AS ENUM ('flag', 'hold');

-- CreateEnum
CREATE TYPE "RiskFlagStatus" AS ENUM ('open', 'dismissed', 'released', 'reversed');

-- CreateEnum
CREATE TYPE "RiskCheckVerdict" AS ENUM ('pass', 'flag', 'error', 'skipped', 'dismissed');

-- AlterTable
ALTER TABLE "AttributedOrder" ADD COLUMN     "adClickIds" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "browserIpHash" TEXT,
ADD COLUMN     "creatorTouched" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "creditedCode" TEXT,
ADD COLUMN     "creditedSignal" TEXT,
ADD COLUMN     "customerEmailKey" TEXT,
ADD COLUMN     "customerPhoneKey" TEXT,
ADD COLUMN     "firstRefundedAt" TIMESTAMP(3),
ADD COLUMN     "landingUtmMedium" TEXT,
ADD COLUMN     "referringDomain" TEXT,
ADD COLUMN     "shippingAddressKey" TEXT,
ADD COLUMN     "userAgentHash" TEXT;

-- AlterTable
ALTER TABLE "Click" ADD COLUMN     "automated" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "fromDataCentre" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Creator" ADD COLUMN     "phone" TEXT,
ADD COLUMN     "shippingAddress" JSONB;

-- AlterTable
ALTER TABLE "CreatorPayoutProfile" ADD COLUMN     "destinationKey" TEXT;

-- AlterTable
ALTER TABLE "CreatorPortalSession" ADD COLUMN     "deviceHash" TEXT,
ADD COLUMN     "ipHash" TEXT,
ADD COLUMN     "userAgentHash" TEXT;

-- AlterTable
ALTER TABLE "CreatorTaxForm" ADD COLUMN     "tinKey" TEXT;

-- CreateTable
CREATE TABLE "FraudSettings" (
    "shop" TEXT NOT NULL,
    "rules" JSONB NOT NULL DEFAULT '{}',
    "extraCouponSites" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "paidSearchForbidden" BOOLEAN NOT NULL DEFAULT true,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FraudSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "RiskFlag" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "rule" "RiskRule" NOT NULL,
    "status" "RiskFlagStatus" NOT NULL DEFAULT 'open',
    "openKey" TEXT,
    "severity" "RiskSeverity" NOT NULL,
    "action" "RiskAction" NOT NULL,
    "patternKey" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "occurrences" INTEGER NOT NULL DEFAULT 1,
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "RiskFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RiskFlagCommission" (
    "shop" TEXT NOT NULL,
    "flagId" TEXT NOT NULL,
    "commissionId" TEXT NOT NULL,
    "shopifyOrderId" TEXT NOT NULL,
    "held" BOOLEAN NOT NULL DEFAULT false,
    "clawedBack" BOOLEAN NOT NULL DEFAULT false,
    "addedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RiskFlagCommission_pkey" PRIMARY KEY ("flagId","commissionId")
);

-- CreateTable
CREATE TABLE "OrderRiskCheck" (
    "shop" TEXT NOT NULL,
    "shopifyOrderId" TEXT NOT NULL,
    "rule" "RiskRule" NOT NULL,
    "verdict" "RiskCheckVerdict" NOT NULL,
    "severity" "RiskSeverity",
    "summary" TEXT NOT NULL,
    "evidence" JSONB,
    "flagId" TEXT,
    "checkedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OrderRiskCheck_pkey" PRIMARY KEY ("shop","shopifyOrderId","rule")
);

-- CreateTable
CREATE TABLE "RiskDismissal" (
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "rule" "RiskRule" NOT NULL,
    "patternKey" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "decidedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "flagId" TEXT,

    CONSTRAINT "RiskDismissal_pkey" PRIMARY KEY ("shop","creatorId","rule","patternKey")
);

-- CreateTable
CREATE TABLE "RiskScan" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "scanKey" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "creatorsDone" INTEGER NOT NULL DEFAULT 0,
    "creatorsTotal" INTEGER NOT NULL DEFAULT 0,
    "flagsRaised" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "RiskScan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RiskFlag_shop_status_lastSeenAt_idx" ON "RiskFlag"("shop", "status", "lastSeenAt");

-- CreateIndex
CREATE INDEX "RiskFlag_shop_creatorId_firstSeenAt_idx" ON "RiskFlag"("shop", "creatorId", "firstSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "RiskFlag_shop_openKey_key" ON "RiskFlag"("shop", "openKey");

-- CreateIndex
CREATE UNIQUE INDEX "RiskFlag_shop_id_key" ON "RiskFlag"("shop", "id");

-- CreateIndex
CREATE INDEX "RiskFlagCommission_shop_commissionId_idx" ON "RiskFlagCommission"("shop", "commissionId");

-- CreateIndex
CREATE INDEX "RiskFlagCommission_shop_shopifyOrderId_idx" ON "RiskFlagCommission"("shop", "shopifyOrderId");

-- CreateIndex
CREATE INDEX "RiskScan_shop_startedAt_idx" ON "RiskScan"("shop", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "RiskScan_shop_scanKey_key" ON "RiskScan"("shop", "scanKey");

-- CreateIndex
CREATE INDEX "CreatorPayoutProfile_shop_destinationKey_idx" ON "CreatorPayoutProfile"("shop", "destinationKey");

-- CreateIndex
CREATE INDEX "CreatorPortalSession_shop_deviceHash_idx" ON "CreatorPortalSession"("shop", "deviceHash");

-- CreateIndex
CREATE INDEX "CreatorTaxForm_shop_tinKey_idx" ON "CreatorTaxForm"("shop", "tinKey");

-- AddForeignKey
ALTER TABLE "RiskFlagCommission" ADD CONSTRAINT "RiskFlagCommission_shop_flagId_fkey" FOREIGN KEY ("shop", "flagId") REFERENCES "RiskFlag"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;
