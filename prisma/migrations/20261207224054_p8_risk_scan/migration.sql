-- AlterTable
ALTER TABLE "RiskScan" ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "startedBy" TEXT;
