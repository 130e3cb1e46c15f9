-- CreateEnum
CREATE TYPE "CommissionType" AS ENUM ('percentage', 'flat');

-- CreateEnum
CREATE TYPE "DiscountValueType" AS ENUM ('percentage', 'fixed_amount');

-- CreateEnum
CREATE TYPE "AttributionPrecedence" AS ENUM ('code_first', 'link_first', 'last_touch');

-- CreateEnum
CREATE TYPE "CreatorStatus" AS ENUM ('invited', 'applied', 'approved', 'paused', 'rejected');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "DiscountCodeStatus" AS ENUM ('active', 'inactive', 'deleted');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('running', 'completed', 'failed');

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "primaryDomainHost" TEXT;

-- CreateTable
CREATE TABLE "ProgramSettings" (
    "shop" TEXT NOT NULL,
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
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProgramSettings_pkey" PRIMARY KEY ("shop")
);

-- CreateTable
CREATE TABLE "Creator" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "handle" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "payoutEmail" TEXT,
    "socialHandles" JSONB NOT NULL DEFAULT '{}',
    "notes" TEXT,
    "status" "CreatorStatus" NOT NULL DEFAULT 'invited',
    "statusReason" TEXT,
    "refToken" TEXT NOT NULL,
    "shopifyCustomerId" TEXT,
    "requestedCode" TEXT,
    "commissionOverrideType" "CommissionType",
    "commissionOverrideBasisPoints" INTEGER,
    "commissionOverrideFlatMinor" BIGINT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "approvedAt" TIMESTAMP(3),

    CONSTRAINT "Creator_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreatorApplication" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "answers" JSONB NOT NULL DEFAULT '{}',
    "status" "ApplicationStatus" NOT NULL DEFAULT 'pending',
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CreatorApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DiscountCode" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "codeNormalized" TEXT NOT NULL,
    "shopifyDiscountId" TEXT NOT NULL,
    "status" "DiscountCodeStatus" NOT NULL DEFAULT 'active',
    "valueType" "DiscountValueType" NOT NULL,
    "valueBasisPoints" INTEGER,
    "valueAmountMinor" BIGINT,
    "currency" TEXT NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3),
    "usageLimit" INTEGER,
    "oncePerCustomer" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithOrderDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProductDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShippingDiscounts" BOOLEAN NOT NULL DEFAULT false,
    "linkedExisting" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DiscountCode_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReferralLink" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "utmSource" TEXT NOT NULL DEFAULT '',
    "utmMedium" TEXT NOT NULL DEFAULT '',
    "utmCampaign" TEXT NOT NULL DEFAULT '',
    "label" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReferralLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreatorImport" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'running',
    "totalRows" INTEGER NOT NULL DEFAULT 0,
    "processedRows" INTEGER NOT NULL DEFAULT 0,
    "createdCount" INTEGER NOT NULL DEFAULT 0,
    "unchangedCount" INTEGER NOT NULL DEFAULT 0,
    "rowErrors" JSONB NOT NULL DEFAULT '[]',
    "startedBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "CreatorImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "reason" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SentEmail" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "messageId" TEXT,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SentEmail_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Creator_shop_status_idx" ON "Creator"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Creator_shop_handle_key" ON "Creator"("shop", "handle");

-- CreateIndex
CREATE UNIQUE INDEX "Creator_shop_email_key" ON "Creator"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Creator_shop_refToken_key" ON "Creator"("shop", "refToken");

-- CreateIndex
CREATE UNIQUE INDEX "Creator_shop_id_key" ON "Creator"("shop", "id");

-- CreateIndex
CREATE INDEX "CreatorApplication_shop_status_idx" ON "CreatorApplication"("shop", "status");

-- CreateIndex
CREATE INDEX "DiscountCode_shop_creatorId_idx" ON "DiscountCode"("shop", "creatorId");

-- CreateIndex
CREATE UNIQUE INDEX "DiscountCode_shop_codeNormalized_key" ON "DiscountCode"("shop", "codeNormalized");

-- CreateIndex
CREATE UNIQUE INDEX "DiscountCode_shop_shopifyDiscountId_key" ON "DiscountCode"("shop", "shopifyDiscountId");

-- CreateIndex
CREATE INDEX "ReferralLink_shop_creatorId_idx" ON "ReferralLink"("shop", "creatorId");

-- CreateIndex
CREATE UNIQUE INDEX "ReferralLink_shop_creatorId_path_utmSource_utmMedium_utmCam_key" ON "ReferralLink"("shop", "creatorId", "path", "utmSource", "utmMedium", "utmCampaign");

-- CreateIndex
CREATE INDEX "CreatorImport_shop_createdAt_idx" ON "CreatorImport"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_shop_subjectType_subjectId_idx" ON "AuditEvent"("shop", "subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "AuditEvent_shop_createdAt_idx" ON "AuditEvent"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "SentEmail_shop_createdAt_idx" ON "SentEmail"("shop", "createdAt");

-- AddForeignKey
ALTER TABLE "CreatorApplication" ADD CONSTRAINT "CreatorApplication_shop_creatorId_fkey" FOREIGN KEY ("shop", "creatorId") REFERENCES "Creator"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DiscountCode" ADD CONSTRAINT "DiscountCode_shop_creatorId_fkey" FOREIGN KEY ("shop", "creatorId") REFERENCES "Creator"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReferralLink" ADD CONSTRAINT "ReferralLink_shop_creatorId_fkey" FOREIGN KEY ("shop", "creatorId") REFERENCES "Creator"("shop", "id") ON DELETE CASCADE ON UPDATE CASCADE;
