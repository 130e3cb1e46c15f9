/**
 * The fraud review journey of issue 14, end to end: a creator buys on the local storefront with their own code under
 * another spelling of their Gmail address; the order rules hold the commission before any money can move; the
 * creator's portal says only "On hold, under review"; the merchant finds the flag in Risk, reads what matched, sees
 * the rules that ran on the order page, releases it with a reason; the commission is pending again, the merchant
 * approves it and it is in the next payout run's preview at its amount.
 */
import { expect, test, type Browser, type Frame, type Page } from "@playwright/test";
import { appFrame, ensureProgramSettings, expectNoSeriousA11yViolations, findAppFrame, openApp, SHOP, stackValue, withTestDatabase } from "./support";

test.describe.configure({ mode: "serial", timeout: 240_000 });

const WAIT = { timeout: 120_000 };
const CREATOR_NAME = "Anna Lee";
const CREATOR_EMAIL = "anna.lee@gmail.com";
/** The same Gmail inbox: Gmail ignores dots and "+tags". */
const SHOPPER_EMAIL = "annalee+shop@gmail.com";
// The local Shopify keeps its discounts for the whole run: a code of this run's own, so a re-run never collides.
const CODE = `ANNA${Date.now().toString(36).slice(-5).toUpperCase()}`;
const PRODUCT_HANDLE = "hearth-burr-grinder";
const PRODUCT_TITLE = "Hearth Burr Grinder";
const RELEASE_REASON = "Anna bought a grinder for a giveaway with her own code; we agreed it counts.";

let createdProgram = false;
let creatorId = "";
let order: { id: number; name: string } | undefined;
/** The commission in the shop's format ("$21.93"), once it accrued. */
let amount = "";
let flagId = "";

function storefrontOrigin(): string {
  // The storefront answers on the admin's port under 127.0.0.1; localhost stays the admin.
  return stackValue("E2E_ADMIN_ORIGIN").replace("//localhost:", "//127.0.0.1:");
}

function orderGid(): string {
  if (!order) throw new Error("The order was not placed: the first test failed.");
  return `gid://shopify/Order/${order.id}`;
}

function formatUsd(minor: bigint): string {
  return `$${(minor / 100n).toLocaleString("en-US")}.${(minor % 100n).toString().padStart(2, "0")}`;
}

async function readCommission() {
  return withTestDatabase(async (client) =>
    (await client.query<{ id: string; status: string; netMinor: string; creatorId: string }>(`SELECT id, status, "netMinor", "creatorId" FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, orderGid()])).rows[0]);
}

async function openAdminPage(page: Page, appPath: string, heading: string | RegExp): Promise<Frame> {
  await page.goto(`${stackValue("E2E_APP_SHELL_URL")}${appPath}`);
  const frame = await findAppFrame(page);
  await expect(frame.getByRole("heading", { name: heading, exact: true }).first()).toBeVisible();
  return frame;
}

async function readSignInToken(): Promise<string> {
  const mail = (await (await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/mail`)).json()) as { messages: Array<{ to: string[]; subject: string; text: string | null }> };
  const message = mail.messages.find((candidate) => candidate.to.includes(CREATOR_EMAIL) && candidate.subject.includes("creator portal"));
  return message?.text?.match(/\/portal\/sign-in\?token=([A-Za-z0-9_-]+)/)?.[1] ?? "";
}

/** The creator signs in to the portal on the storefront (emailed link) and opens Orders. */
async function openPortalOrders(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: storefrontOrigin() });
  const page = await context.newPage();
  await page.goto("/apps/affable/portal");
  await page.getByLabel("Email you registered with").fill(CREATOR_EMAIL);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("a sign-in link is on its way");
  await expect.poll(readSignInToken, WAIT).not.toBe("");
  await page.goto(`/apps/affable/portal/sign-in?token=${await readSignInToken()}`);
  await page.getByRole("button", { name: "Continue to the creator portal" }).click();
  await page.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name: "Orders", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Orders" })).toBeVisible();
  return page;
}

async function cleanUp() {
  await withTestDatabase(async (client) => {
    const ids = (await client.query<{ id: string }>(`SELECT id FROM "Creator" WHERE shop = $1 AND email = $2`, [SHOP, CREATOR_EMAIL])).rows.map((row) => row.id);
    if (ids.length === 0) return;
    const orders = (await client.query<{ shopifyOrderId: string }>(`SELECT "shopifyOrderId" FROM "AttributedOrder" WHERE shop = $1 AND "creatorId" = ANY($2)`, [SHOP, ids])).rows.map((row) => row.shopifyOrderId);
    const commissions = (await client.query<{ id: string }>(`SELECT id FROM "Commission" WHERE shop = $1 AND "creatorId" = ANY($2)`, [SHOP, ids])).rows.map((row) => row.id);
    const flags = (await client.query<{ id: string }>(`SELECT id FROM "RiskFlag" WHERE shop = $1 AND "creatorId" = ANY($2)`, [SHOP, ids])).rows.map((row) => row.id);
    const runs = (await client.query<{ runId: string }>(`SELECT DISTINCT "runId" FROM "PayoutRunItem" WHERE shop = $1 AND "creatorId" = ANY($2)`, [SHOP, ids])).rows.map((row) => row.runId);
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND ("subjectId" = ANY($2) OR "subjectId" = ANY($3) OR "subjectId" = ANY($4) OR "subjectId" = ANY($5) OR "subjectId" = ANY($6))`, [SHOP, ids, commissions, flags, orders, runs]);
    await client.query(`DELETE FROM "PayoutRunItem" WHERE shop = $1 AND "runId" = ANY($2)`, [SHOP, runs]);
    await client.query(`DELETE FROM "PayoutRun" WHERE shop = $1 AND id = ANY($2)`, [SHOP, runs]);
    await client.query(`DELETE FROM "RiskFlagCommission" WHERE shop = $1 AND "flagId" = ANY($2)`, [SHOP, flags]);
    await client.query(`DELETE FROM "RiskFlag" WHERE shop = $1 AND id = ANY($2)`, [SHOP, flags]);
    await client.query(`DELETE FROM "RiskDismissal" WHERE shop = $1 AND "creatorId" = ANY($2)`, [SHOP, ids]);
    await client.query(`DELETE FROM "OrderRiskCheck" WHERE shop = $1 AND "shopifyOrderId" = ANY($2)`, [SHOP, orders]);
    await client.query(`DELETE FROM "LedgerEntry" WHERE shop = $1 AND "commissionId" = ANY($2)`, [SHOP, commissions]);
    await client.query(`DELETE FROM "Commission" WHERE shop = $1 AND id = ANY($2)`, [SHOP, commissions]);
    await client.query(`DELETE FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = ANY($2)`, [SHOP, orders]);
    await client.query(`DELETE FROM "WebhookEvent" WHERE shop = $1 AND payload->>'admin_graphql_api_id' = ANY($2)`, [SHOP, orders]);
    for (const table of ["Click", "CreatorPortalSession", "CreatorLoginToken", "CreatorPayoutProfile"]) {
      await client.query(`DELETE FROM "${table}" WHERE shop = $1 AND "creatorId" = ANY($2)`, [SHOP, ids]);
    }
    await client.query(`DELETE FROM "SentEmail" WHERE shop = $1 AND "to" = $2`, [SHOP, CREATOR_EMAIL]);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = ANY($2)`, [SHOP, ids]);
  });
}

test.beforeAll(async () => {
  await cleanUp(); // what a failed earlier run left
  createdProgram = await ensureProgramSettings();
});

test.afterAll(async () => {
  // Let the local Shopify finish delivering the order's webhooks, so none lands after the rows are gone.
  if (order) {
    const placed = order;
    await expect
      .poll(async () => {
        const body = (await (await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/webhooks`)).json()) as { deliveries: Array<{ status: string; body: string }> };
        return body.deliveries.filter((delivery) => delivery.status === "pending" && delivery.body.includes(`"id":${placed.id}`)).length;
      }, WAIT)
      .toBe(0);
  }
  await cleanUp();
  if (createdProgram) await withTestDatabase((client) => client.query(`DELETE FROM "ProgramSettings" WHERE shop = $1`, [SHOP]));
});

test("the creator buys with their own code under another spelling of their email: the commission is held, the portal says only that", async ({ page, browser }) => {
  // The merchant adds an approved creator with a code, in the app (the code is created in the local Shopify).
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
  creatorId = await withTestDatabase(async (client) => (await client.query<{ id: string }>(`SELECT id FROM "Creator" WHERE shop = $1 AND email = $2`, [SHOP, CREATOR_EMAIL])).rows[0]?.id ?? "");
  expect(creatorId).not.toBe("");
  // Paid by hand: a payout run includes the creator without a provider account.
  await withTestDatabase((client) =>
    client.query(`INSERT INTO "CreatorPayoutProfile" (id, shop, "creatorId", method, "updatedAt") VALUES ($1, $2, $3, 'manual', now())`, [`${creatorId}-profile`, SHOP, creatorId]));

  // The creator checks out on the storefront with their own code, as annalee+shop@gmail.com.
  const shopper = await browser.newContext({ baseURL: storefrontOrigin() });
  const store = await shopper.newPage();
  await store.goto(`/products/${PRODUCT_HANDLE}`);
  await expect(store.getByRole("heading", { name: PRODUCT_TITLE })).toBeVisible();
  await store.getByLabel("Quantity").fill("2");
  await store.getByRole("button", { name: "Add to cart" }).click();
  await expect(store.getByRole("heading", { name: "Your cart" })).toBeVisible();
  await store.getByRole("button", { name: "Check out" }).click();
  await expect(store.getByRole("heading", { name: "Checkout" })).toBeVisible();
  await store.getByLabel("Email").fill(SHOPPER_EMAIL);
  await store.getByLabel("Discount code", { exact: true }).fill(CODE);
  await store.getByRole("button", { name: "Apply discount code" }).click();
  await expect(store.locator("#discount-applied")).toContainText(new RegExp(`Code ${CODE} applied`, "i"));
  await store.getByRole("button", { name: "Pay now" }).click();
  await expect(store.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  order = { id: Number(new URL(store.url()).pathname.split("/").pop()), name: (await store.locator("#order-name").textContent()) ?? "" };
  expect(Number.isSafeInteger(order.id)).toBe(true);
  expect(order.name).toMatch(/^#\d+$/);
  await shopper.close();

  // The webhook reaches the app: the code credits the creator and the self-referral rule holds the commission.
  await expect.poll(async () => (await readCommission())?.status, WAIT).toBe("on_hold");
  const commission = await readCommission();
  expect(commission?.creatorId).toBe(creatorId);
  amount = formatUsd(BigInt(commission?.netMinor ?? "0"));
  expect(BigInt(commission?.netMinor ?? "0")).toBeGreaterThan(0n);
  const flags = await withTestDatabase(async (client) =>
    (await client.query<{ id: string; rule: string; status: string; action: string }>(`SELECT id, rule, status, action FROM "RiskFlag" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, creatorId])).rows);
  expect(flags.map((flag) => [flag.rule, flag.status, flag.action])).toEqual([["self_referral", "open", "hold"]]);
  flagId = flags[0]!.id;

  // The creator's portal shows the order on hold, under review, and nothing about the rule.
  const portal = await openPortalOrders(browser);
  const row = portal.getByRole("row").filter({ hasText: order.name });
  await expect(row).toContainText("On hold, under review");
  await expect(row).toContainText(amount);
  await expect(portal.getByText(/self-referral|risk review/i)).toHaveCount(0);
  await portal.context().close();
});

test("the merchant finds the flag in Risk, reads what matched and the order's risk checks, and releases it with a reason", async ({ page }) => {
  test.skip(flagId === "", "needs the held order of the test before");
  await openApp(page);
  await page.getByRole("link", { name: /^Risk( \(\d+ open\))?$/ }).first().click();
  let frame = await findAppFrame(page);
  await expect(frame.getByRole("heading", { name: "Risk", exact: true })).toBeVisible();
  const queueRow = frame.getByRole("row").filter({ hasText: CREATOR_NAME });
  await expect(queueRow).toContainText("Self-referral");
  await expect(queueRow).toContainText("High");
  await expect(queueRow).toContainText("the customer's email is the creator's");
  await expect(queueRow).toContainText(amount);
  await expect(queueRow).toContainText("Open");

  await queueRow.getByRole("link", { name: CREATOR_NAME }).click();
  frame = await findAppFrame(page);
  await expect(frame.getByRole("heading", { name: "Self-referral", exact: true })).toBeVisible();
  await expect(frame.getByText(`Holding ${amount} (1 commission): not paid until you decide.`)).toBeVisible();
  // The evidence: what matched, on which order, crediting which code.
  // The innermost box holding the "Facts" heading: the card's own list.
  const facts = frame.locator("div").filter({ has: frame.getByRole("heading", { name: "Facts", exact: true }) }).last();
  await expect(facts).toContainText("What matched");
  await expect(facts).toContainText("the customer's email is the creator's (compared without case, Gmail dots or +tags)");
  await expect(facts).toContainText(`code ${CODE}`);
  const evidenceOrder = frame.getByRole("region", { name: "Orders in the evidence" }).getByRole("row").filter({ hasText: order!.name });
  await expect(evidenceOrder).toContainText("the customer's email is the creator's");
  const heldCommission = frame.getByRole("region", { name: "Commissions this flag names" }).getByRole("row").filter({ hasText: order!.name });
  await expect(heldCommission).toContainText(amount);
  await expect(heldCommission).toContainText("Held it");
  await expectNoSeriousA11yViolations(frame, "a self-referral flag holding a commission");

  // The order page lists every order rule that ran, with its verdict and words, and links the flag.
  await heldCommission.getByRole("link", { name: order!.name }).click();
  frame = await findAppFrame(page);
  await expect(frame.getByRole("heading", { name: order!.name, exact: true })).toBeVisible();
  const checks = frame.getByRole("region", { name: "Risk checks on this order" });
  await expect(checks.getByRole("row")).toHaveCount(4); // the heading row and the three order rules
  await expect(checks.getByRole("row").filter({ hasText: "Self-referral" })).toContainText("the customer's email is the creator's");
  await expect(checks.getByRole("row").filter({ hasText: "Paid traffic" })).toBeVisible();
  await expect(checks.getByRole("row").filter({ hasText: "Leaked code" })).toBeVisible();
  await expectNoSeriousA11yViolations(frame, "an order page with a flagged risk check");
  await checks.getByRole("link", { name: "Open the self-referral flag" }).click();

  // Release, with a reason.
  frame = await findAppFrame(page);
  await expect(frame.getByRole("heading", { name: "Self-referral", exact: true })).toBeVisible();
  await openPageAction(frame, "Release");
  const dialog = frame.getByRole("dialog");
  await expect(dialog.getByText("Release the held money")).toBeVisible();
  await dialog.getByLabel("Reason").fill(RELEASE_REASON);
  await expectNoSeriousA11yViolations(frame, "the release dialog");
  await dialog.getByRole("button", { name: "Release", exact: true }).click();
  await expect(frame.getByText(`“${RELEASE_REASON}”`).first()).toBeVisible();
  await expect.poll(async () => (await readCommission())?.status, WAIT).toBe("pending");
  const flag = await withTestDatabase(async (client) => (await client.query<{ status: string; decisionReason: string | null }>(`SELECT status, "decisionReason" FROM "RiskFlag" WHERE shop = $1 AND id = $2`, [SHOP, flagId])).rows[0]);
  expect(flag).toEqual({ status: "released", decisionReason: RELEASE_REASON });
  // The queue no longer lists it as open.
  frame = await openAdminPage(page, "/app/risk", "Risk");
  await expect(frame.getByRole("row").filter({ hasText: CREATOR_NAME })).toHaveCount(0);
});

/** Clicks a page action (Polaris rolls the ones that do not fit into "More actions"). */
async function openPageAction(frame: Frame, name: string) {
  const button = frame.getByRole("button", { name, exact: true });
  if (await button.first().isVisible()) {
    await button.first().click();
    return;
  }
  await frame.getByRole("button", { name: "More actions" }).click();
  await frame.getByRole("menuitem", { name, exact: true }).or(frame.getByRole("button", { name, exact: true })).first().click();
}

test("the released commission is approved and is in the next payout run's preview at its amount", async ({ page }) => {
  test.skip(flagId === "" || amount === "", "needs the released order of the tests before");
  const frame = await openAdminPage(page, "/app/commissions", "Commissions");
  await frame.getByRole("tab", { name: "Pending" }).click();
  const row = frame.getByRole("row").filter({ hasText: order!.name });
  await expect(row).toContainText(CREATOR_NAME);
  await expect(row).toContainText(amount);
  // The tab's list can re-render under the first click (its data reloads): pick the row until it stays picked.
  await expect(async () => {
    await row.getByRole("checkbox").check({ force: true });
    await expect(row.getByRole("checkbox")).toBeChecked();
  }).toPass({ timeout: 30_000 });
  await frame.getByRole("button", { name: "Approve", exact: true }).click();
  await frame.getByRole("dialog").getByRole("button", { name: "Approve", exact: true }).click();
  await expect.poll(async () => (await readCommission())?.status, WAIT).toBe("approved");

  const payouts = await openAdminPage(page, "/app/payouts", "Payouts");
  await payouts.getByRole("button", { name: "Plan a payout run" }).click();
  await expect(payouts.getByRole("heading", { name: "Payout run" })).toBeVisible();
  await expect(payouts.getByText("Preview: nothing is paid until the run is approved")).toBeVisible();
  const item = payouts.getByRole("row").filter({ hasText: CREATOR_NAME });
  await expect(item).toContainText(amount);
  await expect(item).toContainText("Manual");
  await expect(item).toContainText("To be paid");
  await expect(item.getByRole("cell").nth(3)).toHaveText("1");
});

test("Settings › Fraud refuses a threshold out of range, marks the field, and saves nothing", async ({ page }) => {
  const frame = await openAdminPage(page, "/app/settings/fraud", "Fraud settings");
  const threshold = frame.getByLabel("Matching signals needed", { exact: true });
  await threshold.fill("9");
  // The page's action and the one under the form both save.
  await frame.getByRole("button", { name: "Save", exact: true }).first().click();
  await expect(frame.getByText("The fraud settings were not saved")).toBeVisible();
  await expect(threshold).toHaveAttribute("aria-invalid", "true");
  await expectNoSeriousA11yViolations(frame, "Settings › Fraud with a field error");
  const stored = await withTestDatabase(async (client) => (await client.query(`SELECT 1 FROM "FraudSettings" WHERE shop = $1`, [SHOP])).rowCount);
  expect(stored).toBe(0);
});
