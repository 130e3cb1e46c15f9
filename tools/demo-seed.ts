/**
 * The demo's seeded program, so a first `npm run demo` opens on a program with numbers in it rather than empty pages.
 *
 * Before the app starts (the embedded database allows one process at a time): the shop, its program settings and a
 * few creators go straight into the app's database, exactly once (never when the shop is already there).
 * Once the app runs: shoppers "place" a month of orders in the local Shopify through its control API, carrying the
 * creators' referral cart attributes as the theme extension writes them, and a couple are partly refunded. The local
 * Shopify delivers the signed webhooks, and the app attributes and books them through its normal money loop.
 *
 * Payout-ready: each active creator has confirmed payout details (three by PayPal to addresses the local PayPal
 * sandbox pays, one by Shopify store credit), the local PayPal's demo REST app is connected in PayoutSettings (its
 * secret sealed with the demo's SECRETS_ENCRYPTION_KEY, as Settings › PayPal would), and the local Shopify's account
 * owner is the app's owner (may approve payout runs). Commissions of orders older than the 14-day holding period are
 * approved by the app's approval job within a minute of starting, so a payout run can be planned right away.
 */
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient } from "../app/generated/prisma/client.ts";
import { SHOP_DOMAIN } from "../devstore/config.ts";
import { SHOP_DETAILS } from "../devstore/state/seed-catalog.ts";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { lockPgliteDirectory, parseDatabaseUrl } from "../app/db/database-target.ts";
import { readSecretKeys, sealSecret } from "../app/security/secret-box.server.ts";
import { paypalSecretContext } from "../app/services/payouts/paypal/load-paypal-credentials.server.ts";
import { PAYPAL_WEBHOOK_EVENTS, paypalWebhookUrl } from "../app/services/payouts/paypal/connect-paypal.server.ts";
import { openPaypalStateStore } from "../devstore/paypal/paypal-state.ts";
import { createSeedState } from "../devstore/state/seed-state.ts";

export interface DemoCreator {
  handle: string;
  refToken: string;
}

/** How each creator is paid (as if they had confirmed it in the creator portal). */
const CREATORS = [
  { handle: "maya", name: "Maya Lee", email: "maya@creators.example", instagram: "mayamakes", payout: { method: "paypal", paypalEmail: "maya.paypal@creators.example" } },
  { handle: "jonas", name: "Jonas Berg", email: "jonas@creators.example", instagram: "jonas.brews", payout: { method: "paypal", paypalEmail: "jonas.paypal@creators.example" } },
  { handle: "priya", name: "Priya Nair", email: "priya@creators.example", instagram: "priyaoutdoors", payout: { method: "store_credit", paypalEmail: null } },
  { handle: "leo", name: "Leo Martín", email: "leo@creators.example", instagram: "leo.trails", payout: { method: "paypal", paypalEmail: "leo.paypal@creators.example" } },
] as const;

/** The local PayPal's demo REST app in its sandbox (devstore/paypal/paypal-state.ts createSeedPaypalState). */
export const DEMO_PAYPAL = { environment: "sandbox", clientId: "AffableDemo-sandbox-client", clientSecret: "EDemo-sandbox-secret-0000", webhookId: "WH-AFFABLEDEMO0000001" } as const;

export interface DemoSeedOptions {
  /** The demo's SECRETS_ENCRYPTION_KEY: the PayPal secret is sealed with it, as the app would. */
  secretsEncryptionKey: string;
  /** The local Shopify's state file: its account owner becomes the app's owner; the local PayPal's is beside it. */
  devstoreStateFile: string;
  /** The app's SHOPIFY_APP_URL: where the local PayPal sends its signed webhooks. */
  appUrl: string;
}

/**
 * The local PayPal (its state file, before the local Shopify starts) knows the demo REST app and has its webhook
 * subscribed to the app, as Settings › PayPal's "Connect" would leave it.
 */
function connectDemoPaypal(devstoreStateFile: string, appUrl: string): void {
  const store = openPaypalStateStore(path.join(path.dirname(devstoreStateFile), "paypal-state.json"));
  store.update((draft) => {
    const sandbox = draft[DEMO_PAYPAL.environment];
    let account = sandbox.accounts.find((candidate) => candidate.clientId === DEMO_PAYPAL.clientId);
    if (!account) {
      account = { clientId: DEMO_PAYPAL.clientId, clientSecret: DEMO_PAYPAL.clientSecret, payerId: "SANDBOXMERCH1", balances: { USD: "1000000" }, unknownReceiver: "success", webhooks: [] };
      sandbox.accounts.push(account);
    }
    account.clientSecret = DEMO_PAYPAL.clientSecret;
    account.webhooks = [
      ...account.webhooks.filter((webhook) => webhook.id !== DEMO_PAYPAL.webhookId),
      { id: DEMO_PAYPAL.webhookId, url: paypalWebhookUrl(SHOP_DOMAIN, appUrl), event_types: [...PAYPAL_WEBHOOK_EVENTS] },
    ];
  });
}

/** The local Shopify's account owner (the staff member its admin signs in as): from its state file, else its seed. */
function readDevstoreOwnerId(stateFile: string): string {
  type Staff = { id: number; accountOwner: boolean };
  let staff: Staff[] = createSeedState({ shopDomain: SHOP_DOMAIN }).staffMembers;
  if (existsSync(stateFile)) {
    const saved = JSON.parse(readFileSync(stateFile, "utf8")) as { staffMembers?: Staff[] };
    if (Array.isArray(saved.staffMembers) && saved.staffMembers.length > 0) staff = saved.staffMembers;
  }
  const owner = staff.find((member) => member.accountOwner) ?? staff[0];
  if (!owner) throw new Error("The local Shopify has no staff member to make the app's owner.");
  return String(owner.id);
}

/** Seeds the app's database unless the shop is already in it; returns the creators to send shoppers from, or null. */
export async function seedDemoDatabase(databaseUrl: string, projectRoot: string, options: DemoSeedOptions): Promise<DemoCreator[] | null> {
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
      await db.creatorPayoutProfile.create({
        data: { shop: SHOP_DOMAIN, creatorId: row.id, method: creator.payout.method, paypalEmail: creator.payout.paypalEmail, reviewRequired: false },
      });
      creators.push({ handle: row.handle, refToken: row.refToken });
    }
    const now = new Date();
    const keys = readSecretKeys({ SECRETS_ENCRYPTION_KEY: options.secretsEncryptionKey });
    await db.payoutSettings.create({
      data: {
        shop: SHOP_DOMAIN,
        paypalEnvironment: DEMO_PAYPAL.environment,
        paypalClientId: DEMO_PAYPAL.clientId,
        paypalClientSecretSealed: sealSecret(DEMO_PAYPAL.clientSecret, paypalSecretContext(SHOP_DOMAIN), keys),
        paypalWebhookId: DEMO_PAYPAL.webhookId,
        paypalConnectedAt: now,
        paypalConnectedBy: "system:demo-seed",
        storeCreditExpiryDays: 365,
        updatedBy: "system:demo-seed",
      },
    });
    connectDemoPaypal(options.devstoreStateFile, options.appUrl);
    await db.staffMember.create({
      data: { shop: SHOP_DOMAIN, userId: readDevstoreOwnerId(options.devstoreStateFile), displayName: "Demo owner", isOwner: true, canApprovePayouts: true, firstSeenAt: now, lastSeenAt: now },
    });
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
