-- CreateTable
CREATE TABLE "Click" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "clickId" TEXT NOT NULL,
    "landingPath" TEXT NOT NULL,
    "referrerHost" TEXT,
    "ipHash" TEXT NOT NULL,
    "userAgentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Click_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CreatorLoginToken" (
    "id" TEXT NOT NULL,
    "shop" TEXT NOT NULL,
    "creatorId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CreatorLoginToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Click_shop_creatorId_createdAt_idx" ON "Click"("shop", "creatorId", "createdAt");

-- CreateIndex
CREATE INDEX "Click_shop_ipHash_createdAt_idx" ON "Click"("shop", "ipHash", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Click_shop_clickId_key" ON "Click"("shop", "clickId");

-- CreateIndex
CREATE UNIQUE INDEX "CreatorLoginToken_tokenHash_key" ON "CreatorLoginToken"("tokenHash");

-- CreateIndex
CREATE INDEX "CreatorLoginToken_shop_creatorId_idx" ON "CreatorLoginToken"("shop", "creatorId");
