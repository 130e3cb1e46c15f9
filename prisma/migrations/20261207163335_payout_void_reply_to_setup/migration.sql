-- AlterTable
ALTER TABLE "Payout" ADD COLUMN     "voidReason" TEXT,
ADD COLUMN     "voidedAt" TIMESTAMP(3),
ADD COLUMN     "voidedBy" TEXT;

-- AlterTable
ALTER TABLE "ProgramSettings" ADD COLUMN     "replyToEmail" TEXT;

-- AlterTable
ALTER TABLE "Shop" ADD COLUMN     "dismissedSetupSteps" TEXT[] DEFAULT ARRAY[]::TEXT[];
