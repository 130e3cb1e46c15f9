-- AlterEnum
ALTER TYPE "LedgerEntryKind" ADD VALUE 'tier_adjustment';

-- AlterTable
ALTER TABLE "Commission" ADD COLUMN     "pricedOrder" JSONB,
ADD COLUMN     "settingsVersionId" TEXT;

-- CreateTable
CREATE TABLE "ProgramSettingsVersion" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "defaultCommissionType" "CommissionType" NOT NULL DEFAULT 'percentage',
    "defaultCommissionBasisPoints" INTEGER NOT NULL DEFAULT 1000,
    "defaultCommissionFlatMinor" BIGINT NOT NULL DEFAULT 0,
    "cookieWindowDays" INTEGER NOT NULL DEFAULT 30,
    "attributionPrecedence" "AttributionPrecedence" NOT NULL DEFAULT 'code_first',
    "holdingPeriodDays" INTEGER NOT NULL DEFAULT 30,
    "newCustomersOnly" BOOLEAN NOT NULL DEFAULT false,
    "includeTestOrders" BOOLEAN NOT NULL DEFAULT false,
    "defaultDiscountType" "DiscountValueType" NOT NULL DEFAULT 'percentage',
    "defaultDiscountBasisPoints" INTEGER NOT NULL DEFAULT 1500,
    "defaultDiscountAmountMinor" BIGINT NOT NULL DEFAULT 0,
    "codePattern" TEXT NOT NULL DEFAULT '{HANDLE}15',
    "defaultUsageLimit" INTEGER,
    "defaultOncePerCustomer" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithOrderDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProductDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShippingDiscounts" BOOLEAN NOT NULL DEFAULT true,
    "autoCreateCodeOnApproval" BOOLEAN NOT NULL DEFAULT true,
    "productRates" JSONB NOT NULL DEFAULT '[]',
    "collectionRates" JSONB NOT NULL DEFAULT '[]',
    "tiers" JSONB NOT NULL DEFAULT '[]',
    "tierPeriod" "TierPeriod" NOT NULL DEFAULT 'calendar_month',
    "capPerOrderMinor" BIGINT,
    "minimumPayoutMinor" BIGINT NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgramSettingsVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProgramSettingsVersion_shop_version_key" ON "ProgramSettingsVersion"("shop", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ProgramSettingsVersion_shop_id_key" ON "ProgramSettingsVersion"("shop", "id");

-- CreateIndex
CREATE INDEX "Commission_shop_creatorId_orderCreatedAt_idx" ON "Commission"("shop", "creatorId", "orderCreatedAt");

-- Hand-written: every shop's current settings become its first kept version, and the commissions that accrued
-- under that version point at it. Commissions of older versions keep a null settingsVersionId: their rules were
-- overwritten before versions were kept (ruleVersionId still names them).
INSERT INTO "ProgramSettingsVersion" ("id", "shop", "version", "currency", "defaultCommissionType", "defaultCommissionBasisPoints", "defaultCommissionFlatMinor", "cookieWindowDays", "attributionPrecedence", "holdingPeriodDays", "newCustomersOnly", "includeTestOrders", "defaultDiscountType", "defaultDiscountBasisPoints", "defaultDiscountAmountMinor", "codePattern", "defaultUsageLimit", "defaultOncePerCustomer", "combinesWithOrderDiscounts", "combinesWithProductDiscounts", "combinesWithShippingDiscounts", "autoCreateCodeOnApproval", "productRates", "collectionRates", "tiers", "tierPeriod", "capPerOrderMinor", "minimumPayoutMinor", "createdAt")
SELECT 'psv_' || md5("shop" || '/v' || "version"), "shop", "version", "currency", "defaultCommissionType", "defaultCommissionBasisPoints", "defaultCommissionFlatMinor", "cookieWindowDays", "attributionPrecedence", "holdingPeriodDays", "newCustomersOnly", "includeTestOrders", "defaultDiscountType", "defaultDiscountBasisPoints", "defaultDiscountAmountMinor", "codePattern", "defaultUsageLimit", "defaultOncePerCustomer", "combinesWithOrderDiscounts", "combinesWithProductDiscounts", "combinesWithShippingDiscounts", "autoCreateCodeOnApproval", "productRates", "collectionRates", "tiers", "tierPeriod", "capPerOrderMinor", "minimumPayoutMinor", "updatedAt"
FROM "ProgramSettings";

UPDATE "Commission" AS c SET "settingsVersionId" = v."id"
FROM "ProgramSettingsVersion" AS v
WHERE v."shop" = c."shop" AND c."ruleVersionId" = 'program-settings:v' || v."version";
