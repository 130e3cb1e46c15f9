/** What every browser test needs: the stack's URLs, the app's frame in the local admin, the test database. */
import { expect, type FrameLocator, type Page } from "@playwright/test";
import pg from "pg";

export const SHOP = "affable-demo.myshopify.com";

export function stackValue(name: string): string {
  const found = process.env[name];
  if (!found) throw new Error(`${name} is not set: run through playwright.config.ts's global setup`);
  return found;
}

export function appFrame(page: Page): FrameLocator {
  return page.frameLocator("iframe");
}

/** Opens the app in the local admin and waits for the dashboard. */
export async function openApp(page: Page) {
  await page.goto(stackValue("E2E_APP_SHELL_URL"));
  await expect(appFrame(page).getByText("Welcome to Affable, Affable Demo Store")).toBeVisible();
}

/** Runs SQL against the app's test database (to leave the shop as the next spec expects). */
export async function withTestDatabase<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stackValue("E2E_DATABASE_URL") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Removes the creators a spec made (codes, links and applications cascade), their imports, audit and mail. */
export async function removeCreators() {
  await withTestDatabase(async (client) => {
    await client.query(`DELETE FROM "Creator" WHERE shop = $1`, [SHOP]);
    await client.query(`DELETE FROM "CreatorImport" WHERE shop = $1`, [SHOP]);
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND "subjectType" = 'creator'`, [SHOP]);
    await client.query(`DELETE FROM "SentEmail" WHERE shop = $1 AND template LIKE 'creator_%'`, [SHOP]);
  });
}

export interface LocalShopifyDiscount {
  code: string;
  title: string;
  status: string;
  value: { kind: "percentage"; percentage: number } | { kind: "amount"; amount: string; appliesOnEachItem: boolean };
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

/** The code as the local Shopify holds it (its loopback-only control API), or undefined. */
export async function findLocalShopifyDiscount(code: string): Promise<LocalShopifyDiscount | undefined> {
  const response = await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/discounts?code=${encodeURIComponent(code)}`);
  const body = (await response.json()) as { discounts: LocalShopifyDiscount[] };
  return body.discounts[0];
}

/** Mail the local Shopify's SMTP catcher received, newest first. */
export async function listLocalShopifyMail(): Promise<Array<{ to: string[]; subject: string }>> {
  const response = await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/mail`);
  return ((await response.json()) as { messages: Array<{ to: string[]; subject: string }> }).messages;
}

/** Gives the shop a program at 10% in USD unless it has one; true when this call created it (so remove it after). */
export async function ensureProgramSettings(): Promise<boolean> {
  return withTestDatabase(async (client) => {
    const inserted = await client.query(
      `INSERT INTO "ProgramSettings" (shop, currency, "defaultCommissionBasisPoints", "updatedAt") VALUES ($1, 'USD', 1000, now()) ON CONFLICT (shop) DO NOTHING`,
      [SHOP],
    );
    return inserted.rowCount === 1;
  });
}

/** An approved creator with a 15% code, written straight into the app's database for specs about money pages. */
export async function insertApprovedCreatorWithCode(creator: {
  id: string; handle: string; name: string; email: string; payoutEmail?: string; refToken: string; codeId: string; code: string;
}): Promise<void> {
  await withTestDatabase(async (client) => {
    await client.query(
      `INSERT INTO "Creator" (id, shop, handle, name, email, "payoutEmail", "refToken", status, "updatedAt") VALUES ($1, $2, $3, $4, $5, $6, $7, 'approved', now())`,
      [creator.id, SHOP, creator.handle, creator.name, creator.email, creator.payoutEmail ?? null, creator.refToken],
    );
    await client.query(
      `INSERT INTO "DiscountCode" (id, shop, "creatorId", code, "codeNormalized", "shopifyDiscountId", "valueType", "valueBasisPoints", currency, "startsAt", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, $6, 'percentage', 1500, 'USD', now() - interval '1 day', now())`,
      [creator.codeId, SHOP, creator.id, creator.code, creator.code.toUpperCase(), `gid://shopify/DiscountCodeNode/${creator.codeId}`],
    );
  });
}
