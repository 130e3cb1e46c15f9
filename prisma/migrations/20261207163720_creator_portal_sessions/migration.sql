-- CreateTable
CREATE TABLE "CreatorPortalSession" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "sessionHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "CreatorPortalSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CreatorPortalSession_sessionHash_key" ON "CreatorPortalSession"("sessionHash");

-- CreateIndex
CREATE INDEX "CreatorPortalSession_shop_creatorId_idx" ON "CreatorPortalSession"("shop", "creatorId");
