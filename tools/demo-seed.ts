/**
 * The demo's seeded program, so a first `npm run demo` opens on a program with numbers in it rather than empty pages.
 *
 * Before the app starts (the embedded database allows one process at a time): the shop, its program settings and a
 * few creators go straight into the app's database, exactly once (never when the shop is already there).
 * Once the app runs: shoppers "place" a month of orders in the local Shopify through its control API, carrying the
 * creators' referral cart attributes as the theme extension writes them, and a couple are partly refunded. The local
 * Shopify delivers the signed webhooks, and the app attributes and books them through its normal money loop.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { SHOP_DOMAIN } from "../devstore/config.ts";
import { SHOP_DETAILS } from "../devstore/state/seed-catalog.ts";
import { lockPgliteDirectory, parseDatabaseUrl } from "../app/db/database-target.ts";

export interface DemoCreator {
  handle: string;
  refToken: string;
}

const CREATORS = [
  { handle: "maya", name: "Maya Lee", email: "maya@creators.example", instagram: "mayamakes" },
  { handle: "jonas", name: "Jonas Berg", email: "jonas@creators.example", instagram: "jonas.brews" },
  { handle: "priya", name: "Priya Nair", email: "priya@creators.example", instagram: "priyaoutdoors" },
  { handle: "leo", name: "Leo Martín", email: "leo@creators.example", instagram: "leo.trails" },
];

/** Seeds the app's database unless the shop is already in it; returns the creators to send shoppers from, or null. */
export async function seedDemoDatabase(databaseUrl: string, projectRoot: string): Promise<DemoCreator[] | null> {
  const target = parseDatabaseUrl(databaseUrl, projectRoot);
  const release = target.kind === "pglite" && target.dataDir !== undefined ? await lockPgliteDirectory(target.dataDir, target.label) : null;
  const pglite = target.kind === "pglite" ? new PGlite(target.dataDir) : null;
  const db = new PrismaClient({ adapter: pglite ? new PrismaPGlite(pglite) : new PrismaPg({ connectionString: target.kind === "postgres" ? target.url : "" }) });
  try {
    if ((await db.shop.count({ where: { shop: SHOP_DOMAIN } })) > 0) return null;
    await db.shop.create({
      data: { shop: SHOP_DOMAIN, name: SHOP_DETAILS.name, currencyCode: SHOP_DETAILS.currencyCode, ianaTimezone: SHOP_DETAILS.ianaTimezone },
    });
    await db.programSettings.create({ data: { shop: SHOP_DOMAIN, currency: SHOP_DETAILS.currencyCode, defaultCommissionBasisPoints: 1000, holdingPeriodDays: 14 } });
    const creators: DemoCreator[] = [];
    for (const [index, creator] of CREATORS.entries()) {
      const row = await db.creator.create({
        data: {
          shop: SHOP_DOMAIN,
          handle: creator.handle,
          name: creator.name,
          email: creator.email,
          socialHandles: { instagram: creator.instagram },
          refToken: `demo${creator.handle}${index}`,
          status: "approved",
          approvedAt: new Date(),
        },
      });
      creators.push({ handle: row.handle, refToken: row.refToken });
    }
    const applicant = await db.creator.create({
      data: { shop: SHOP_DOMAIN, handle: "sam", name: "Sam Okafor", email: "sam@creators.example", refToken: "demosam9", status: "applied" },
    });
    await db.creatorApplication.create({
      data: { shop: SHOP_DOMAIN, creatorId: applicant.id, answers: { audience: "12k followers, trail running", why: "I already recommend your tumbler." } },
    });
    return creators;
  } finally {
    await db.$disconnect();
    await pglite?.close();
    await release?.();
  }
}

type StateProduct = { handle: string; status: string; variants: { id: number }[] };

/**
 * A month of referred orders in the local Shopify, a few days apart, spread over the creators; two are partly
 * refunded. Bounded: 16 orders, each one request.
 */
export async function placeDemoOrders(controlOrigin: string, creators: readonly DemoCreator[], now: Date, log: (line: string) => void): Promise<void> {
  const state = (await (await fetch(`${controlOrigin}/__devstore/state`)).json()) as { products: StateProduct[] };
  const variants = state.products.filter((product) => product.status === "ACTIVE").flatMap((product) => product.variants.slice(0, 1).map((variant) => variant.id));
  if (variants.length === 0 || creators.length === 0) return;
  const placed: { id: number; lineItemId: number }[] = [];
  for (let index = 0; index < 16; index += 1) {
    const creator = creators[index % creators.length]!;
    const processedAt = new Date(now.getTime() - (28 - index * 1.75) * 86_400_000);
    const response = await fetch(`${controlOrigin}/__devstore/orders`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        lineItems: [{ variantId: variants[index % variants.length], quantity: 1 + (index % 3) }],
        noteAttributes: [
          { name: "_affable_ref", value: creator.refToken },
          { name: "_affable_ref_at", value: new Date(processedAt.getTime() - 3_600_000).toISOString() },
        ],
        landingSite: `/?ref=${creator.refToken}`,
        processedAt: processedAt.toISOString(),
      }),
    });
    if (!response.ok) throw new Error(`The local Shopify refused a demo order: ${response.status} ${await response.text()}`);
    const { order } = (await response.json()) as { order: { id: number; line_items: { id: number; quantity: number }[] } };
    placed.push({ id: order.id, lineItemId: order.line_items[0]!.id });
  }
  for (const order of [placed[5], placed[10]]) {
    if (!order) continue;
    await fetch(`${controlOrigin}/__devstore/orders/${order.id}/refunds`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ lineItems: [{ lineItemId: order.lineItemId, quantity: 1 }] }),
    });
  }
  log(`Seeded the demo program: ${creators.length} creators, ${placed.length} referred orders (2 partly refunded) sent as webhooks.`);
}
