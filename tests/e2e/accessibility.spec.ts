/**
 * axe-core on every admin page (in the app's frame in the local admin) and every creator portal page (through the
 * storefront's app proxy): no serious or critical violation anywhere. The shop gets one creator, one attributed
 * order with its commission, one payout, one customer data request and one finished import with problems, so the
 * pages show their tables and charts rather than empty states.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ensureProgramSettings, expectNoSeriousA11yViolations, findAppFrame, insertApprovedCreatorWithCode, openApp, SHOP, stackValue, withTestDatabase } from "./support";

// Not serial: one page failing must not hide the others. The set-up below is idempotent, so a new worker after a
// failure runs it again harmlessly.
test.describe.configure({ timeout: 120_000 });

const ORDER_ID = 5820982999501;
const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
const CREATOR_ID = "e2e-a11y-creator";
const CREATOR_EMAIL = "ida-a11y@example.com";
const PAYOUT_ID = "e2e-a11y-payout";
const DATA_REQUEST_ID = "e2e-a11y-data-request";
const IMPORT_ID = "e2e-a11y-import";
// A payout run awaiting approval (the payout job leaves planned runs alone): one creator to pay, one left out.
const RUN_ID = "e2e-a11y-run";
const LEFT_OUT_CREATOR_ID = "e2e-a11y-left-out";
// A risk flag with every part of the evidence (numbers compared, a series for the chart, orders, clicks).
const RISK_FLAG_ID = "e2e-a11y-risk-flag";
// Generous: on a busy machine the background jobs process that attributes the order can take minutes to start.
const WAIT = { timeout: 240_000 };
let createdProgram = false;
let attributedOrderId = "";

function orderPayload() {
  const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/webhooks/orders-paid-code.json"), "utf8")) as Record<string, unknown>;
  const placed = new Date().toISOString();
  return {
    ...fixture, id: ORDER_ID, admin_graphql_api_id: ORDER_GID, name: "#7501", created_at: placed, processed_at: placed,
    discount_codes: [{ code: "IDA15", amount: "15.75", type: "percentage" }],
  };
}

function storefrontOrigin(): string {
  return stackValue("E2E_ADMIN_ORIGIN").replace("//localhost:", "//127.0.0.1:");
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  createdProgram = await ensureProgramSettings();
  const exists = await withTestDatabase(async (client) => (await client.query(`SELECT 1 FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, CREATOR_ID])).rowCount === 1);
  if (!exists) await insertApprovedCreatorWithCode({
    id: CREATOR_ID, handle: "ida-a11y", name: "Ida Access", email: CREATOR_EMAIL, payoutEmail: "ida-pay@example.com",
    refToken: "r_idaa11y", codeId: "e2e-a11y-code", code: "IDA15",
  });
  // Opening the app records the shop; Affable ignores webhooks for shops it does not know.
  const page = await browser.newPage();
  await openApp(page);
  await page.close();
  const sent = await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/webhooks/send`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ topic: "orders/paid", payload: orderPayload() }),
  });
  expect(sent.status).toBe(202);
  await expect
    .poll(() => withTestDatabase(async (client) => (await client.query(`SELECT status FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID])).rows[0]?.status), WAIT)
    .toBe("pending");
  attributedOrderId = await withTestDatabase(async (client) => {
    await client.query(
      `INSERT INTO "Payout" (id, shop, "creatorId", currency, "amountMinor", "commissionCount", method, reference, "createdBy", "requestKey", "createdAt")
       VALUES ($1, $2, $3, 'USD', 1234, 1, 'paypal', 'PP-A11Y', 'staff:7420000000003', 'e2e-a11y', now()) ON CONFLICT DO NOTHING`,
      [PAYOUT_ID, SHOP, CREATOR_ID],
    );
    // Payout details the creator changed: the creator page shows the review card with its banner.
    await client.query(
      `INSERT INTO "CreatorPayoutProfile" (id, shop, "creatorId", method, "paypalEmail", "reviewRequired", "reviewReason", "updatedAt")
       VALUES ('e2e-a11y-payout-profile', $1, $2, 'paypal', 'ida-pay@example.com', true, 'Payout details changed in the creator portal.', now()) ON CONFLICT DO NOTHING`,
      [SHOP, CREATOR_ID],
    );
    await client.query(
      `INSERT INTO "DataRequest" (id, shop, "shopifyCustomerId", "requestId", report, "webhookEventId", "createdAt") VALUES ($1, $2, '7420000000777', '9001', '{}', 'e2e-a11y-event', now()) ON CONFLICT DO NOTHING`,
      [DATA_REQUEST_ID, SHOP],
    );
    await client.query(
      `INSERT INTO "CreatorImport" (id, shop, "fileName", status, "totalRows", "processedRows", "createdCount", "rowErrors", "startedBy", "finishedAt")
       VALUES ($1, $2, 'creators.csv', 'completed', 3, 3, 1, $3, 'staff:7420000000003', now()) ON CONFLICT DO NOTHING`,
      [IMPORT_ID, SHOP, JSON.stringify([{ row: 2, reason: "The email ida@@example is not an email address; fix it in the file and import it again." }, { row: 3, reason: "The handle is already used by another creator; give this row another handle or leave it out." }])],
    );
    await client.query(
      `INSERT INTO "Creator" (id, shop, handle, name, email, "refToken", status, "updatedAt") VALUES ($1, $2, 'lou-a11y', 'Lou Leftout', 'lou-a11y@example.com', 'r_loua11y', 'approved', now()) ON CONFLICT DO NOTHING`,
      [LEFT_OUT_CREATOR_ID, SHOP],
    );
    await client.query(
      `INSERT INTO "PayoutRun" (id, shop, status, currency, "totalMinor", "itemCount", "excludedCount", trigger, "plannedAt", "plannedBy", "updatedAt")
       VALUES ($1, $2, 'planned', 'USD', 1234, 1, 1, 'manual', now(), 'staff:7420000000003', now()) ON CONFLICT DO NOTHING`,
      [RUN_ID, SHOP],
    );
    await client.query(
      `INSERT INTO "PayoutRunItem" (id, shop, "runId", "creatorId", status, method, currency, "amountMinor", "commissionCount", destination, "senderItemId", "updatedAt")
       VALUES ('e2e-a11y-run-item', $1, $2, $3, 'planned', 'paypal', 'USD', 1234, 1, '{"paypalEmail":"ida-pay@example.com"}', 'AFF-e2e-a11y-run-item', now()) ON CONFLICT DO NOTHING`,
      [SHOP, RUN_ID, CREATOR_ID],
    );
    await client.query(
      `INSERT INTO "PayoutRunItem" (id, shop, "runId", "creatorId", status, method, currency, "amountMinor", "commissionCount", "excludedReason", "senderItemId", "updatedAt")
       VALUES ('e2e-a11y-run-left-out', $1, $2, $3, 'excluded', NULL, 'USD', 500, 1, 'Lou Leftout has not chosen a payout method. Ask them to choose one in the creator portal, or set a default method in Settings › Payouts.', 'AFF-e2e-a11y-run-left-out', now()) ON CONFLICT DO NOTHING`,
      [SHOP, RUN_ID, LEFT_OUT_CREATOR_ID],
    );
    const evidence = {
      facts: [{ label: "Orders on Dec 6", value: "31" }],
      compared: [{ metric: "Orders on the day", observed: 31, baseline: 4, threshold: 6, unit: "z" }],
      orders: [{ orderId: ORDER_GID, name: "#7501", placedAt: new Date().toISOString(), note: "One of the day's orders" }],
      clicks: [{ at: new Date().toISOString(), ipHash: "abcdef0123456789", note: "Burst of 40 clicks" }],
      series: { label: "Orders per day", unit: "count", points: [{ day: "2026-12-05", value: 3 }, { day: "2026-12-06", value: 31 }], baseline: [{ day: "2026-12-05", value: 4 }, { day: "2026-12-06", value: 4 }] },
      suggestion: "Ask Ida where the orders came from before releasing.",
    };
    await client.query(
      `INSERT INTO "RiskFlag" (id, shop, "creatorId", rule, status, "openKey", severity, action, "patternKey", summary, evidence, "firstSeenAt", "lastSeenAt")
       VALUES ($1, $2, $3, 'velocity', 'open', $4, 'high', 'flag', 'day:2026-12-06', '31 orders on Dec 6, against a usual 4 for a Sunday.', $5, now(), now()) ON CONFLICT DO NOTHING`,
      [RISK_FLAG_ID, SHOP, CREATOR_ID, `${CREATOR_ID}:velocity`, JSON.stringify(evidence)],
    );
    return (await client.query<{ id: string }>(`SELECT id FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID])).rows[0]!.id;
  });
});

test.afterAll(async () => {
  await withTestDatabase(async (client) => {
    await client.query(`DELETE FROM "Payout" WHERE shop = $1 AND id = $2`, [SHOP, PAYOUT_ID]);
    await client.query(`DELETE FROM "PayoutRunItem" WHERE shop = $1 AND "runId" = $2`, [SHOP, RUN_ID]);
    await client.query(`DELETE FROM "PayoutRun" WHERE shop = $1 AND id = $2`, [SHOP, RUN_ID]);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, LEFT_OUT_CREATOR_ID]);
    await client.query(`DELETE FROM "RiskFlag" WHERE shop = $1 AND id = $2`, [SHOP, RISK_FLAG_ID]);
    for (const table of ["CreatorPayoutProfile", "PayoutDetailsChange", "CreatorTaxForm"]) {
      await client.query(`DELETE FROM "${table}" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR_ID]);
    }
    await client.query(`DELETE FROM "DataRequest" WHERE shop = $1 AND id = $2`, [SHOP, DATA_REQUEST_ID]);
    await client.query(`DELETE FROM "CreatorImport" WHERE shop = $1 AND id = $2`, [SHOP, IMPORT_ID]);
    await client.query(`DELETE FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "WebhookEvent" WHERE shop = $1 AND payload->>'admin_graphql_api_id' = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "CreatorLoginToken" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR_ID]).catch(() => undefined);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, CREATOR_ID]);
    if (createdProgram) await client.query(`DELETE FROM "ProgramSettings" WHERE shop = $1`, [SHOP]);
  });
});

/** The admin pages, each with the heading that says it has loaded and the document title it must carry. */
function adminPages() {
  return [
    { path: "/app", heading: "Dashboard", title: "Dashboard" },
    { path: "/app/creators", heading: "Creators", title: "Creators" },
    { path: `/app/creators/${CREATOR_ID}`, heading: "Ida Access", title: "Ida Access" },
    { path: "/app/creators/applications", heading: "Applications", title: "Applications" },
    { path: "/app/creators/import", heading: "Import creators", title: "Import creators" },
    { path: "/app/creators/new", heading: "Add creator", title: "Add creator" },
    { path: "/app/commissions", heading: "Commissions", title: "Commissions" },
    { path: "/app/orders", heading: "Orders", title: "Orders" },
    { path: () => `/app/orders/${attributedOrderId}`, heading: "#7501", title: "#7501" },
    { path: "/app/payouts", heading: "Payouts", title: "Payouts" },
    { path: `/app/payouts/${PAYOUT_ID}`, heading: "Payout of $12.34", title: "Payout of $12.34" },
    { path: `/app/payouts/runs/${RUN_ID}`, heading: "Payout run", title: /^Payout run of .+ · Affable$/ },
    // A run without bank-file items: the page says there is no file (payout-runs.spec.ts checks one with a file).
    { path: `/app/payout-runs/${RUN_ID}/files`, heading: "Bank files", title: "Bank files" },
    { path: "/app/settings", heading: "Settings", title: "Settings" },
    { path: "/app/settings/payouts", heading: "Payout settings", title: "Payout settings" },
    { path: "/app/settings/staff", heading: "Staff", title: "Staff" },
    { path: "/app/settings/paypal", heading: "PayPal", title: "PayPal" },
    { path: "/app/settings/bank", heading: "Bank account for SEPA payouts", title: "Bank account for SEPA payouts" },
    { path: "/app/settings/fraud", heading: "Fraud settings", title: "Fraud settings" },
    { path: "/app/risk", heading: "Risk", title: "Risk" },
    { path: `/app/risk/${RISK_FLAG_ID}`, heading: "Velocity", title: "Velocity: Ida Access" },
    { path: "/app/tax-report", heading: /^Tax report \d{4}$/, title: "Tax report" },
    { path: "/app/developers", heading: "Developers", title: "Developers" },
    { path: "/app/sync-health", heading: "Sync health", title: "Sync health" },
    { path: "/app/privacy", heading: "Privacy", title: "Privacy" },
  ];
}

async function openAdminPage(page: Page, appPath: string, heading: string | RegExp) {
  await page.goto(`${stackValue("E2E_APP_SHELL_URL")}${appPath}`);
  const frame = await findAppFrame(page);
  await expect(frame.getByRole("heading", { name: heading, exact: true }).first()).toBeVisible();
  return frame;
}

for (const target of adminPages()) {
  const label = typeof target.path === "string" ? target.path : "/app/orders/:orderId";
  test(`admin page ${label}: a document title and no serious or critical axe-core violation`, async ({ page }) => {
    const frame = await openAdminPage(page, typeof target.path === "string" ? target.path : target.path(), target.heading);
    await expectNoSeriousA11yViolations(frame, label);
    if (typeof target.title === "string") await expect.poll(() => frame.title()).toBe(`${target.title} · Affable`);
    else await expect.poll(() => frame.title()).toMatch(target.title);
  });
}

test("creator detail with a link's QR code open: no serious or critical axe-core violation", async ({ page }) => {
  const frame = await openAdminPage(page, `/app/creators/${CREATOR_ID}`, "Ida Access");
  await frame.getByRole("button", { name: "QR code" }).first().click();
  await expect(frame.getByRole("img", { name: /QR code for/ })).toBeVisible();
  await expectNoSeriousA11yViolations(frame, "creator QR code");
});

/** The token in the newest portal sign-in email for the creator, or "". */
async function readSignInToken(): Promise<string> {
  const mail = (await (await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/mail`)).json()) as { messages: Array<{ to: string[]; subject: string; text: string | null }> };
  const message = mail.messages.find((candidate) => candidate.to.includes(CREATOR_EMAIL) && candidate.subject.includes("creator portal"));
  return message?.text?.match(/\/portal\/sign-in\?token=([A-Za-z0-9_-]+)/)?.[1] ?? "";
}

test("the creator portal's pages on the storefront: no serious or critical axe-core violation", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: storefrontOrigin() });
  const page = await context.newPage();
  await page.goto("/apps/affable/apply");
  await expect(page.getByRole("heading").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page, "portal apply");

  await page.goto("/apps/affable/portal");
  await expect(page.getByLabel("Email you registered with")).toBeVisible();
  await expectNoSeriousA11yViolations(page, "portal sign-in");
  await page.getByLabel("Email you registered with").fill(CREATOR_EMAIL);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("status")).toContainText("a sign-in link is on its way");
  await expect.poll(readSignInToken, WAIT).not.toBe("");
  await page.goto(`/apps/affable/portal/sign-in?token=${await readSignInToken()}`);
  await expectNoSeriousA11yViolations(page, "portal sign-in confirmation");
  await page.getByRole("button", { name: "Continue to the creator portal" }).click();
  await expect(page.getByRole("navigation", { name: "Creator portal" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "portal home");

  for (const name of ["Links", "Orders", "Payouts", "Payout details", "Tax details", "Assets"]) {
    const link = page.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name, exact: true });
    if ((await link.count()) === 0) continue;
    await link.click();
    await expect(page.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name, exact: true })).toHaveAttribute("aria-current", "page");
    await expectNoSeriousA11yViolations(page, `portal ${name}`);
  }

  // A payout's statement, and the two forms showing their field errors.
  await page.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name: "Payouts", exact: true }).click();
  await page.getByRole("link", { name: /^View statement of the \$12\.34 payout/ }).click();
  await expect(page.getByRole("heading", { name: "Payout statement" })).toBeVisible();
  await expectNoSeriousA11yViolations(page, "portal payout statement");
  await page.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name: "Payout details", exact: true }).click();
  await page.getByRole("radio", { name: "Bank transfer (IBAN)" }).check();
  await page.getByLabel("IBAN (for bank transfer)").fill("DE89 3704 0044 0532 0130 01");
  await page.getByRole("button", { name: "Save payout details" }).click();
  await expect(page.getByRole("alert")).toContainText("This IBAN is not valid");
  await expectNoSeriousA11yViolations(page, "portal payout details with errors");
  await page.getByRole("navigation", { name: "Creator portal" }).getByRole("link", { name: "Tax details", exact: true }).click();
  await page.getByRole("button", { name: "Sign and submit the W-9" }).click();
  await expect(page.getByRole("alert")).toContainText("Nothing was saved");
  await expectNoSeriousA11yViolations(page, "portal tax form with errors");
  await context.close();
});
