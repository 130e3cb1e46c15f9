import type { PrismaClient } from "../../app/generated/prisma/client.ts";

/**
 * What an orders/paid delivery of the AMELIA15 fixture needs to be accepted and attributed: an installed USD shop
 * with a 10% program, and an approved creator who owns the code. Shared by the crash test and bench:webhooks.
 */
export async function seedOrderShop(db: Pick<PrismaClient, "shop" | "programSettings" | "creator" | "discountCode">, shop: string) {
  await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone: "UTC" } });
  await db.programSettings.create({ data: { shop, currency: "USD", defaultCommissionBasisPoints: 1000 } });
  const creator = await db.creator.create({
    data: { shop, handle: "amelia", name: "Amelia", email: "amelia@example.com", refToken: "r_amelia01", status: "approved" },
  });
  await db.discountCode.create({
    data: {
      shop, creatorId: creator.id, code: "AMELIA15", codeNormalized: "AMELIA15", shopifyDiscountId: "gid://shopify/DiscountCodeNode/1",
      valueType: "percentage", valueBasisPoints: 1500, currency: "USD", startsAt: new Date("2026-11-01T00:00:00Z"),
    },
  });
  return creator;
}
