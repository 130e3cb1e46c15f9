/**
 * What a merchant reads on a 1440 px screen: no Affable or Shopify internals (creator ids, gids, "staff:<id>",
 * event keys, precedence keys, customer ids), and no key column or button pushed out of a table's view; the
 * commissions list opens on a tab with rows.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ensureProgramSettings, expectNotClipped, findAppFrame, insertApprovedCreatorWithCode, openApp, SHOP, stackValue, withTestDatabase } from "./support";

test.use({ viewport: { width: 1440, height: 900 } });
test.describe.configure({ timeout: 120_000 });

const ORDER_ID = 5820982999601;
const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
const CREATOR_ID = "e2e-words-creator-0001";
const CREATOR_NAME = "Noor Words";
const PAYOUT_ID = "e2e-words-payout";
const DATA_REQUEST_ID = "e2e-words-data-request";
const DATA_REQUEST_EVENT_ID = "e2e-words-data-request-event";
const FAILED_EVENT_ID = "e2e-words-failed-event";
const IMPORT_ID = "e2e-words-import";
const STAFF_ACTOR = "staff:7420000000003";
const LONG_NOTE = "Approved after checking with the customer that the order was delivered in full and not returned within the window";
const LONG_PROBLEM = "The email noor@@example is not an email address: fix the address in column B of your file (for example noor@example.com), save it as CSV and import the file again";
const WAIT = { timeout: 240_000 };
let createdProgram = false;
let attributedOrderId = "";

function orderPayload() {
  const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/webhooks/orders-paid-code.json"), "utf8")) as Record<string, unknown>;
  const placed = new Date().toISOString();
  return {
    ...fixture, id: ORDER_ID, admin_graphql_api_id: ORDER_GID, name: "#7601", created_at: placed, processed_at: placed,
    discount_codes: [{ code: "NOOR15", amount: "15.75", type: "percentage" }],
  };
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(300_000);
  createdProgram = await ensureProgramSettings();
  const exists = await withTestDatabase(async (client) => (await client.query(`SELECT 1 FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, CREATOR_ID])).rowCount === 1);
  if (!exists) {
    await insertApprovedCreatorWithCode({
      id: CREATOR_ID, handle: "noor-words", name: CREATOR_NAME, email: "noor@example.com", payoutEmail: "noor-pay@example.com",
      refToken: "r_noorwords", codeId: "e2e-words-code", code: "NOOR15",
    });
  }
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
    .toBeDefined();
  attributedOrderId = await withTestDatabase(async (client) => {
    const commission = (await client.query<{ id: string }>(`SELECT id FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID])).rows[0]!;
    // A merchant's hold, written as the app writes it: staff actor, a long note.
    await client.query(
      `INSERT INTO "LedgerEntry" (id, shop, "commissionId", kind, "amountMinor", currency, "sourceKey", actor, "statusAfter", note, "createdAt")
       VALUES ('e2e-words-hold', $1, $2, 'hold', 0, 'USD', 'hold:e2e-words', $3, 'on_hold', $4, now()) ON CONFLICT DO NOTHING`,
      [SHOP, commission.id, STAFF_ACTOR, LONG_NOTE],
    );
    await client.query(
      `INSERT INTO "AuditEvent" (id, shop, actor, action, "subjectType", "subjectId", details) VALUES ('e2e-words-audit', $1, $2, 'discount_code.created', 'creator', $3, $4) ON CONFLICT DO NOTHING`,
      [SHOP, STAFF_ACTOR, CREATOR_ID, JSON.stringify({ codeId: "e2e-words-code", code: "NOOR15", shopifyDiscountId: "gid://shopify/DiscountCodeNode/e2e-words-code" })],
    );
    await client.query(
      `INSERT INTO "Payout" (id, shop, "creatorId", currency, "amountMinor", "commissionCount", method, reference, "createdBy", "requestKey", "createdAt")
       VALUES ($1, $2, $3, 'USD', 1234, 1, 'paypal', 'PP-WORDS', $4, 'e2e-words', now()) ON CONFLICT DO NOTHING`,
      [PAYOUT_ID, SHOP, CREATOR_ID, STAFF_ACTOR],
    );
    await client.query(
      `INSERT INTO "WebhookEvent" (id, shop, topic, "topicRaw", "webhookId", "apiVersion", "receivedAt", payload, "payloadHash", status, attempts, "lastError")
       VALUES ($1, $2, 'CUSTOMERS_DATA_REQUEST', 'customers/data_request', 'e2e-words-dr', '2025-10', now(), $3, 'x', 'processed', 1, null),
              ($4, $2, 'ORDERS_PAID', 'orders/paid', 'e2e-words-failed', '2025-10', now(), '{}', 'y', 'failed', 8, $5)
       ON CONFLICT DO NOTHING`,
      [DATA_REQUEST_EVENT_ID, SHOP, JSON.stringify({ shop_domain: SHOP, customer: { id: 7420000000888, email: "rosa.customer@example.com", phone: null }, orders_requested: [], data_request: { id: 9101 } }),
        FAILED_EVENT_ID, `The order payload could not be read: line_items[0].price is not a decimal amount (got "abc"); fix the order in Shopify or ask Affable support, then replay this delivery from here`],
    );
    await client.query(
      `INSERT INTO "DataRequest" (id, shop, "shopifyCustomerId", "requestId", report, "webhookEventId", "createdAt") VALUES ($1, $2, 'gid://shopify/Customer/7420000000888', '9101', '{}', $3, now()) ON CONFLICT DO NOTHING`,
      [DATA_REQUEST_ID, SHOP, DATA_REQUEST_EVENT_ID],
    );
    await client.query(
      `INSERT INTO "CreatorImport" (id, shop, "fileName", status, "totalRows", "processedRows", "createdCount", "rowErrors", "startedBy", "finishedAt")
       VALUES ($1, $2, 'creators.csv', 'completed', 2, 2, 1, $3, $4, now()) ON CONFLICT DO NOTHING`,
      [IMPORT_ID, SHOP, JSON.stringify([{ row: 2, reason: LONG_PROBLEM }]), STAFF_ACTOR],
    );
    return (await client.query<{ id: string }>(`SELECT id FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID])).rows[0]!.id;
  });
});

test.afterAll(async () => {
  await withTestDatabase(async (client) => {
    await client.query(`DELETE FROM "Payout" WHERE shop = $1 AND id = $2`, [SHOP, PAYOUT_ID]);
    await client.query(`DELETE FROM "DataRequest" WHERE shop = $1 AND id = $2`, [SHOP, DATA_REQUEST_ID]);
    await client.query(`DELETE FROM "CreatorImport" WHERE shop = $1 AND id = $2`, [SHOP, IMPORT_ID]);
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND id = 'e2e-words-audit'`, [SHOP]);
    await client.query(`DELETE FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "WebhookEvent" WHERE shop = $1 AND (payload->>'admin_graphql_api_id' = $2 OR id = ANY($3))`, [SHOP, ORDER_GID, [DATA_REQUEST_EVENT_ID, FAILED_EVENT_ID]]);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, CREATOR_ID]);
    if (createdProgram) await client.query(`DELETE FROM "ProgramSettings" WHERE shop = $1`, [SHOP]);
  });
});

async function openAdminPage(page: Page, appPath: string, heading: string) {
  await page.goto(`${stackValue("E2E_APP_SHELL_URL")}${appPath}`);
  const frame = await findAppFrame(page);
  await expect(frame.getByRole("heading", { name: heading, exact: true }).first()).toBeVisible();
  return frame;
}

/** Internals a merchant must never read, wherever they appear on a page. */
const INTERNALS = [/gid:\/\//, /\bstaff:/, /code_first|link_first|last_touch/, /discount_code\.|creator\.status_changed|referral_link\./, new RegExp(CREATOR_ID)];

async function expectNoInternals(text: string, where: string) {
  for (const pattern of INTERNALS) expect(text, `${where} shows ${pattern}`).not.toMatch(pattern);
}

test("order detail: names and merchant words, and the Why, Commission and Note columns in view at 1440 px", async ({ page }) => {
  const frame = await openAdminPage(page, `/app/orders/${attributedOrderId}`, "#7601");
  const text = await frame.locator("body").innerText();
  await expectNoInternals(text, "order detail");
  expect(text).toContain(`Credited to ${CREATOR_NAME}`);
  expect(text).toContain(`${CREATOR_NAME}'s discount code`);
  expect(text).toContain("Line Linen Shirt");
  await expectNotClipped(frame.getByRole("region", { name: "Signals considered" }).getByRole("columnheader", { name: "Why" }), "the attribution table's Why column");
  await expectNotClipped(frame.getByRole("region", { name: "Risk checks on this order" }).getByRole("columnheader", { name: "Why" }), "the risk checks' Why column");
  await expectNotClipped(frame.getByRole("columnheader", { name: "Commission", exact: true }), "the computation table's Commission column");
  await expectNotClipped(frame.getByRole("columnheader", { name: "Note" }), "the ledger history's Note column");
  await expectNotClipped(frame.getByRole("cell", { name: "Put on hold" }).locator("xpath=..").getByRole("cell").last(), "the hold's note");
  // The first column is the row header (th), so "By" is the fourth data cell.
  const by = frame.getByRole("row").filter({ hasText: "Put on hold" }).getByRole("cell").nth(3);
  await expect(by).toHaveText(/^(You|A staff member)$/);
});

test("creator detail: the history says what happened and who did it in words", async ({ page }) => {
  const frame = await openAdminPage(page, `/app/creators/${CREATOR_ID}`, CREATOR_NAME);
  await expect(frame.getByText("Discount code created: NOOR15")).toBeVisible();
  await expectNoInternals(await frame.locator("body").innerText(), "creator detail");
});

test("payout detail: who recorded it, not a staff id", async ({ page }) => {
  const frame = await openAdminPage(page, `/app/payouts/${PAYOUT_ID}`, "Payout of $12.34");
  await expectNoInternals(await frame.locator("body").innerText(), "payout detail");
  await expect(frame.getByText(/^(You|A staff member)$/)).toBeVisible();
});

test("privacy: the customer by email, not by id", async ({ page }) => {
  const frame = await openAdminPage(page, "/app/privacy", "Privacy");
  await expect(frame.getByRole("cell", { name: "rosa.customer@example.com" })).toBeVisible();
  const text = await frame.locator("body").innerText();
  expect(text).not.toContain("7420000000888");
  await expectNoInternals(text, "privacy");
});

test("sync health: the Replay button of a failed delivery is in view at 1440 px", async ({ page }) => {
  const frame = await openAdminPage(page, "/app/sync-health?status=failed", "Sync health");
  const row = frame.getByRole("row").filter({ hasText: "line_items[0].price is not a decimal amount" });
  await expectNotClipped(row.getByRole("button", { name: "Replay" }), "the Replay button");
});

test("import: a row's problem is shown whole at 1440 px", async ({ page }) => {
  const frame = await openAdminPage(page, `/app/creators/import?importId=${IMPORT_ID}`, "Import creators");
  await expectNotClipped(frame.getByRole("cell", { name: LONG_PROBLEM }), "the problem text");
});

test("commissions: opens on a tab that lists the shop's commissions", async ({ page }) => {
  const frame = await openAdminPage(page, "/app/commissions", "Commissions");
  await expect(frame.getByRole("row").filter({ hasText: "#7601" })).toBeVisible();
  await expect(frame.getByText("No commissions here")).toHaveCount(0);
});
