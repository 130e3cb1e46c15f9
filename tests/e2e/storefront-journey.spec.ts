/**
 * The shopper's journey through the local Shopify's storefront, end to end: a creator's link (the theme app embed
 * carries the ref into the order) and a typed code each earn a pending commission that the merchant sees in Affable
 * and the creator sees in the portal on the storefront (app proxy); a partial refund in the local Shopify's admin
 * reduces it in both places.
 */
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { appFrame, ensureProgramSettings, openApp, SHOP, stackValue, withTestDatabase } from "./support";

const CREATOR_NAME = "Lena Storefront";
const CREATOR_EMAIL = "lena.storefront@example.com";
const CODE = "LENASHOP10";
const PRODUCT_HANDLE = "hearth-burr-grinder";
const PRODUCT_TITLE = "Hearth Burr Grinder";
const WAIT = { timeout: 30_000 };

test.describe.configure({ mode: "serial" });

let createdProgram = false;
let createdFraudSettings = false;
let creatorId = "";
let refToken = "";
/** The orders the shoppers placed: the local Shopify's numeric id and name (#1001…). */
const placed: { link?: PlacedOrder; code?: PlacedOrder } = {};
/** The creator portal's overview URL. */
let portalUrl = "";
/** The creator's browser storage after the emailed sign-in: the portal keeps its session in localStorage. */
let creatorState: Awaited<ReturnType<BrowserContext["storageState"]>> | undefined;

interface PlacedOrder {
  id: number;
  name: string;
}

function storefrontOrigin(): string {
  // The storefront answers on the admin's port under 127.0.0.1; localhost stays the admin.
  return stackValue("E2E_ADMIN_ORIGIN").replace("//localhost:", "//127.0.0.1:");
}

function orderGid(order: PlacedOrder): string {
  return `gid://shopify/Order/${order.id}`;
}

async function setAppEmbed(enabled: boolean) {
  const response = await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/storefront/app-embed`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ enabled }),
  });
  expect(response.status, await response.text()).toBe(200);
}

async function readCommission(order: PlacedOrder) {
  return withTestDatabase(async (client) => {
    const result = await client.query<{ status: string; netMinor: string; creatorId: string }>(
      `SELECT status, "netMinor", "creatorId" FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`,
      [SHOP, orderGid(order)],
    );
    return result.rows[0];
  });
}

function formatUsd(minor: bigint): string {
  const sign = minor < 0n ? "-" : "";
  const absolute = minor < 0n ? -minor : minor;
  const dollars = (absolute / 100n).toLocaleString("en-US");
  return `${sign}$${dollars}.${(absolute % 100n).toString().padStart(2, "0")}`;
}

/** The token in the newest portal sign-in email the local Shopify's mail catcher holds for the creator, or "". */
async function readSignInToken(): Promise<string> {
  const mail = (await (await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/mail`)).json()) as { messages: Array<{ to: string[]; subject: string; text: string | null }> };
  const message = mail.messages.find((candidate) => candidate.to.includes(CREATOR_EMAIL) && candidate.subject.includes("creator portal"));
  return message?.text?.match(/\/portal\/sign-in\?token=([A-Za-z0-9_-]+)/)?.[1] ?? "";
}

/** A shopper on `page` goes from `startPath` to the product through the shop, adds two, and checks out. */
async function checkOut(page: Page, options: { startPath: string; email: string; code?: string }): Promise<PlacedOrder> {
  // A person reads the page before clicking on: let the embed's cart write finish (it starts after DOMContentLoaded).
  await page.goto(options.startPath, { waitUntil: "networkidle" });
  await page.getByRole("link", { name: "Shop", exact: true }).click();
  await page.getByRole("link", { name: new RegExp(PRODUCT_TITLE) }).click();
  await expect(page.getByRole("heading", { name: PRODUCT_TITLE })).toBeVisible();
  await page.getByLabel("Quantity").fill("2");
  await page.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await page.getByRole("button", { name: "Check out" }).click();
  await expect(page.getByRole("heading", { name: "Checkout" })).toBeVisible();
  await page.getByLabel("Email").fill(options.email);
  if (options.code) {
    await page.getByLabel("Discount code", { exact: true }).fill(options.code);
    await page.getByRole("button", { name: "Apply discount code" }).click();
    // Codes are case-insensitive in Shopify; the shopper's spelling is what shows.
    await expect(page.locator("#discount-applied")).toContainText(new RegExp(`Code ${options.code} applied`, "i"));
  }
  await page.getByRole("button", { name: "Pay now" }).click();
  await expect(page.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  const name = (await page.locator("#order-name").textContent()) ?? "";
  const id = Number(new URL(page.url()).pathname.split("/").pop());
  expect(Number.isSafeInteger(id)).toBe(true);
  return { id, name };
}

async function readAttribution(order: PlacedOrder) {
  return withTestDatabase(async (client) => {
    const result = await client.query<{ signal: string | null; creatorId: string | null }>(
      `SELECT attribution->>'signal' AS signal, "creatorId" FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`,
      [SHOP, orderGid(order)],
    );
    return result.rows[0];
  });
}

/** The commission's row on the app's Commissions page (Pending tab), in the local admin's app frame. */
async function expectAdminCommission(page: Page, order: PlacedOrder, amount: string) {
  const frame = appFrame(page);
  await page.getByRole("link", { name: "Commissions", exact: true }).first().click();
  await expect(frame.getByRole("heading", { name: "Commissions", exact: true })).toBeVisible();
  await frame.getByRole("tab", { name: "Pending" }).click();
  const row = frame.getByRole("row").filter({ hasText: order.name });
  await expect(row).toContainText(CREATOR_NAME);
  await expect(row).toContainText("Pending");
  await expect(row).toContainText(amount);
}

/** The order's row on the creator portal's Orders page, through the storefront's app proxy. */
async function expectPortalCommission(page: Page, order: PlacedOrder, amount: string) {
  await page.goto(portalUrl);
  await page.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name: "Orders" }).click();
  await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();
  const row = page.getByRole("row").filter({ hasText: order.name });
  await expect(row).toContainText("Pending");
  await expect(row).toContainText(amount);
}

test.beforeAll(async () => {
  createdProgram = await ensureProgramSettings();
  // Here the creator and both shoppers use this one machine (one IP address, one browser), which the self-referral
  // rule rightly reads as the creator's own device once the creator has signed in to the portal. Real shoppers are
  // elsewhere: match by identity only (risk-review.spec.ts covers the rule).
  createdFraudSettings = await withTestDatabase(async (client) =>
    (await client.query(`INSERT INTO "FraudSettings" (shop, rules, "updatedAt") VALUES ($1, $2, now()) ON CONFLICT (shop) DO NOTHING`, [SHOP, JSON.stringify({ self_referral: { matchDevices: false } })])).rowCount === 1);
});

test.afterAll(async () => {
  await setAppEmbed(false);
  const orders = [placed.link, placed.code].filter((order): order is PlacedOrder => order !== undefined);
  // Let the local Shopify finish delivering these orders' webhooks, so none lands after the rows are gone.
  await expect
    .poll(async () => {
      const body = (await (await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/webhooks`)).json()) as { deliveries: Array<{ status: string; body: string }> };
      return body.deliveries.filter((delivery) => delivery.status === "pending" && orders.some((order) => delivery.body.includes(`"id":${order.id}`))).length;
    }, WAIT)
    .toBe(0);
  await withTestDatabase(async (client) => {
    // By email too: the creator exists even when the first test stopped before reading its id.
    const creatorId = (await client.query<{ id: string }>(`SELECT id FROM "Creator" WHERE shop = $1 AND email = $2`, [SHOP, CREATOR_EMAIL])).rows[0]?.id ?? "";
    const gids = orders.map(orderGid);
    const commissions = await client.query<{ id: string }>(`SELECT id FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = ANY($2)`, [SHOP, gids]);
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND ("subjectId" = ANY($2) OR "subjectId" = $3)`, [SHOP, commissions.rows.map((row) => row.id), creatorId]);
    await client.query(`DELETE FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = ANY($2)`, [SHOP, gids]);
    await client.query(`DELETE FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = ANY($2)`, [SHOP, gids]);
    await client.query(`DELETE FROM "DeferredOrderEvent" WHERE shop = $1 AND "shopifyOrderLegacyId" = ANY($2)`, [SHOP, orders.map((order) => String(order.id))]);
    await client.query(`DELETE FROM "WebhookEvent" WHERE shop = $1 AND payload->>'admin_graphql_api_id' = ANY($2)`, [SHOP, gids]);
    await client.query(`DELETE FROM "Click" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, creatorId]);
    await client.query(`DELETE FROM "CreatorLoginToken" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, creatorId]);
    await client.query(`DELETE FROM "SentEmail" WHERE shop = $1 AND "to" = $2`, [SHOP, CREATOR_EMAIL]);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, creatorId]);
    if (createdProgram) await client.query(`DELETE FROM "ProgramSettings" WHERE shop = $1`, [SHOP]);
    if (createdFraudSettings) await client.query(`DELETE FROM "FraudSettings" WHERE shop = $1`, [SHOP]);
  });
});

test("a shopper arriving by a creator's link checks out; the pending commission shows in Affable and in the creator's portal", async ({ page, browser }) => {
  // The merchant adds an approved creator with a code, in the app.
  await openApp(page);
  const frame = appFrame(page);
  await page.getByRole("link", { name: "Creators", exact: true }).first().click();
  await frame.getByRole("link", { name: "Add creator" }).first().click();
  await frame.getByLabel("Name").fill(CREATOR_NAME);
  await frame.getByLabel("Email", { exact: true }).fill(CREATOR_EMAIL);
  await frame.getByLabel("Status").selectOption("approved");
  await frame.getByRole("button", { name: "Save creator" }).click();
  await expect(frame.getByRole("heading", { name: CREATOR_NAME })).toBeVisible();
  await frame.getByRole("button", { name: "Create code" }).click();
  await frame.getByLabel("Code", { exact: true }).fill(CODE);
  await frame.getByRole("button", { name: "Create in Shopify" }).click();
  await expect(frame.getByText(CODE, { exact: true })).toBeVisible();
  const creator = await withTestDatabase(async (client) => (await client.query<{ id: string; refToken: string; status: string }>(`SELECT id, "refToken", status FROM "Creator" WHERE shop = $1 AND email = $2`, [SHOP, CREATOR_EMAIL])).rows[0]);
  expect(creator?.status).toBe("approved");
  creatorId = creator?.id ?? "";
  refToken = creator?.refToken ?? "";

  // The merchant switches on the app embed in the theme; a shopper opens the creator's link and allows cookies.
  await setAppEmbed(true);
  const firstVisit = await browser.newContext({ baseURL: storefrontOrigin() });
  const landing = await firstVisit.newPage();
  await landing.goto(`/products/${PRODUCT_HANDLE}?ref=${refToken}`);
  const banner = landing.getByRole("dialog", { name: "Cookie consent" });
  await banner.getByRole("button", { name: "Accept" }).click();
  await expect(banner).toBeHidden();
  // With marketing consent the embed keeps the referral in a first-party cookie; it also sent a click beacon.
  await expect.poll(async () => (await firstVisit.cookies()).find((cookie) => cookie.name === "_affable_ref")?.value ?? "", WAIT).toContain(refToken);
  await expect
    .poll(() => withTestDatabase(async (client) => Number((await client.query(`SELECT count(*) FROM "Click" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, creatorId])).rows[0].count)), WAIT)
    .toBe(1);
  // The shopper comes back weeks later: session cookies are gone and the cart has expired; the referral cookie is
  // the only trace of the creator, so the order is attributed by what the embed kept, not by this visit's landing page.
  const { cookies } = await firstVisit.storageState();
  await firstVisit.close();
  const returning = await browser.newContext({
    baseURL: storefrontOrigin(),
    storageState: { cookies: cookies.filter((cookie) => cookie.expires !== -1 && cookie.name !== "cart"), origins: [] },
  });
  const order = await checkOut(await returning.newPage(), { startPath: "/", email: "shopper.link@example.com" });
  placed.link = order;
  await returning.close();
  // The order the local Shopify placed carries the embed's cart attributes as note_attributes.
  const localOrder = ((await (await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/orders/${order.id}`)).json()) as { order: { note_attributes: Array<{ name: string; value: string }>; discount_codes: unknown[]; landing_site: string | null } }).order;
  expect(localOrder.note_attributes.find((attribute) => attribute.name === "_affable_ref")?.value).toBe(refToken);
  expect(localOrder.discount_codes).toEqual([]);
  expect(localOrder.landing_site ?? "").not.toContain("ref=");

  // The signed orders/create + orders/paid webhooks reach the app, which attributes the order by the link.
  await expect.poll(async () => (await readCommission(order))?.status, WAIT).toBe("pending");
  const commission = await readCommission(order);
  expect(commission?.creatorId).toBe(creatorId);
  expect(await readAttribution(order)).toEqual({ signal: "link", creatorId });
  // Two grinders at $129.00 with no discount, at the program's 10%: $25.80.
  expect(commission?.netMinor).toBe("2580");
  await expectAdminCommission(page, order, "$25.80");

  // The creator signs in to the portal on the storefront with an emailed one-time link.
  const creatorContext = await browser.newContext({ baseURL: storefrontOrigin() });
  const creatorPage = await creatorContext.newPage();
  await creatorPage.goto("/apps/affable/portal");
  await creatorPage.getByLabel("Email you registered with").fill(CREATOR_EMAIL);
  await creatorPage.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(creatorPage.getByRole("status")).toContainText("a sign-in link is on its way");
  await expect.poll(readSignInToken, WAIT).not.toBe("");
  const token = await readSignInToken();
  await creatorPage.goto(`/apps/affable/portal/sign-in?token=${token}`);
  await creatorPage.getByRole("button", { name: "Continue to the creator portal" }).click();
  await expect(creatorPage.getByText("Pending", { exact: true })).toBeVisible();
  await expect(creatorPage.locator(".affable-card").filter({ hasText: "Pending" })).toContainText("$25.80");
  portalUrl = creatorPage.url();
  expect(portalUrl).not.toMatch(/[?&](s|token)=/); // the session is never in the address bar
  creatorState = await creatorContext.storageState();
  await expectPortalCommission(creatorPage, order, "$25.80");
  await creatorContext.close();
});

test("a shopper who types the creator's code at checkout, with no link, is attributed too", async ({ page, browser }) => {
  const shopper = await browser.newContext({ baseURL: storefrontOrigin() });
  const order = await checkOut(await shopper.newPage(), { startPath: `/products/${PRODUCT_HANDLE}`, email: "shopper.code@example.com", code: CODE.toLowerCase() });
  placed.code = order;
  await shopper.close();
  await expect.poll(async () => (await readCommission(order))?.status, WAIT).toBe("pending");
  expect(await readAttribution(order)).toEqual({ signal: "code", creatorId });
  const commission = await readCommission(order);
  expect(BigInt(commission?.netMinor ?? "0")).toBeGreaterThan(0n);
  const amount = formatUsd(BigInt(commission?.netMinor ?? "0"));

  await openApp(page);
  await expectAdminCommission(page, order, amount);
  const creatorPage = await (await browser.newContext({ baseURL: storefrontOrigin(), storageState: creatorState })).newPage();
  await expectPortalCommission(creatorPage, order, amount);
  await creatorPage.context().close();
});

test("a partial refund in the local Shopify's admin reduces the commission in Affable and in the portal", async ({ page, browser }) => {
  const order = placed.link;
  if (!order) throw new Error("The link order was not placed: the first test failed.");
  await openApp(page);
  // The merchant refunds one of the two grinders on the local Shopify's order page.
  await page.goto(`${stackValue("E2E_ADMIN_ORIGIN")}/store/affable-demo/orders/${order.id}`);
  await expect(page.getByRole("heading", { name: order.name, exact: true })).toBeVisible();
  await page.getByLabel(`Units of ${PRODUCT_TITLE} to refund`).fill("1");
  await page.getByRole("button", { name: "Refund selected" }).click();
  await expect(page.locator("#order-refunds")).toContainText(`1 × ${PRODUCT_TITLE}`);

  // refunds/create reaches the app: half the units back, half the commission reversed ($25.80 → $12.90).
  await expect.poll(async () => (await readCommission(order))?.netMinor, WAIT).toBe("1290");
  await openApp(page);
  await expectAdminCommission(page, order, "$12.90");
  const creatorPage = await (await browser.newContext({ baseURL: storefrontOrigin(), storageState: creatorState })).newPage();
  await expectPortalCommission(creatorPage, order, "$12.90");
  await creatorPage.context().close();
});
