import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { appFrame, ensureProgramSettings, insertApprovedCreatorWithCode, openApp, SHOP, stackValue, withTestDatabase } from "./support";

// An order, creator and code of its own, so nothing another spec does (or leaves) collides with them.
const ORDER_ID = 5820982999301;
const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
const ORDER_NAME = "#7301";
const CREATOR_ID = "e2e-payouts-creator";
const CREATOR_NAME = "Nova Payouts";
let createdProgram = false;

function orderPayload() {
  const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/webhooks/orders-paid-code.json"), "utf8")) as Record<string, unknown>;
  // Placed now: inside the holding period, so the approval job leaves it pending and the merchant approves it.
  const placed = new Date().toISOString();
  return {
    ...fixture, id: ORDER_ID, admin_graphql_api_id: ORDER_GID, name: ORDER_NAME, created_at: placed, processed_at: placed,
    discount_codes: [{ code: "nova15", amount: "15.75", type: "percentage" }],
  };
}

async function readCommission() {
  return withTestDatabase(async (client) => (await client.query<{ id: string; status: string }>(`SELECT id, status FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID])).rows[0]);
}

test.beforeAll(async () => {
  createdProgram = await ensureProgramSettings();
  await insertApprovedCreatorWithCode({
    id: CREATOR_ID, handle: "nova-payouts", name: CREATOR_NAME, email: "nova@example.com", payoutEmail: "nova-pay@example.com",
    refToken: "r_novapayouts", codeId: "e2e-payouts-code", code: "NOVA15",
  });
});

test.afterAll(async () => {
  await withTestDatabase(async (client) => {
    const commission = await client.query<{ id: string }>(`SELECT id FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    const payouts = await client.query<{ id: string }>(`SELECT id FROM "Payout" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR_ID]);
    const subjects = [...commission.rows, ...payouts.rows].map((row) => row.id);
    await client.query(`DELETE FROM "AuditEvent" WHERE shop = $1 AND "subjectId" = ANY($2)`, [SHOP, subjects]);
    await client.query(`DELETE FROM "Payout" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR_ID]);
    await client.query(`DELETE FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "WebhookEvent" WHERE shop = $1 AND payload->>'admin_graphql_api_id' = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, CREATOR_ID]);
    if (createdProgram) await client.query(`DELETE FROM "ProgramSettings" WHERE shop = $1`, [SHOP]);
  });
});

test("a merchant approves a commission in bulk, then records its payout", async ({ page }) => {
  // Opening the app records the shop; Affable ignores webhooks for shops it does not know.
  await openApp(page);
  const sent = await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/webhooks/send`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ topic: "orders/paid", payload: orderPayload() }),
  });
  expect(sent.status).toBe(202);
  await expect.poll(async () => (await readCommission())?.status, { timeout: 30_000 }).toBe("pending");

  const frame = appFrame(page);
  await page.getByRole("link", { name: "Commissions", exact: true }).first().click();
  await expect(frame.getByRole("heading", { name: "Commissions" })).toBeVisible();
  await frame.getByRole("tab", { name: "Pending" }).click();
  const row = frame.getByRole("row").filter({ hasText: ORDER_NAME });
  await expect(row).toContainText(CREATOR_NAME);
  await expect(row).toContainText("$8.92");
  await expect(row.getByRole("link", { name: ORDER_NAME })).toHaveAttribute("href", /\/app\/orders\/[^/]+$/);
  await row.getByRole("checkbox").check({ force: true });
  await frame.getByRole("button", { name: "Approve", exact: true }).click();
  const approveDialog = frame.getByRole("dialog");
  await expect(approveDialog.getByText("Approve 1 commission?")).toBeVisible();
  await approveDialog.getByLabel("Reason (optional)").fill("Checked with the customer");
  await approveDialog.getByRole("button", { name: "Approve", exact: true }).click();
  await expect.poll(async () => (await readCommission())?.status, { timeout: 15_000 }).toBe("approved");
  await frame.getByRole("tab", { name: "Approved" }).click();
  await expect(frame.getByRole("row").filter({ hasText: ORDER_NAME })).toBeVisible();

  await page.getByRole("link", { name: "Payouts", exact: true }).first().click();
  await expect(frame.getByRole("heading", { name: "Payouts" })).toBeVisible();
  const owed = frame.getByRole("row").filter({ hasText: CREATOR_NAME });
  await expect(owed).toContainText("$8.92");
  await expect(owed).toContainText("nova-pay@example.com");
  await owed.getByRole("button", { name: `Record payout for ${CREATOR_NAME}` }).click();
  const payoutDialog = frame.getByRole("dialog");
  // The form says how much and where to pay before anything is recorded.
  await expect(payoutDialog).toContainText("Amount: $8.92 (1 commission)");
  await expect(payoutDialog).toContainText("Pay to: nova-pay@example.com (payout email on the creator page; not confirmed by the creator)");
  await payoutDialog.getByLabel("Method").selectOption("bank_transfer");
  await payoutDialog.getByLabel("Reference").fill("BT-4242");
  await payoutDialog.getByRole("button", { name: "Record payout" }).click();

  await expect(frame.getByRole("row").filter({ hasText: "BT-4242" })).toContainText("$8.92");
  await expect(frame.getByTestId("payouts-by-month-chart")).toBeVisible();
  await expect.poll(async () => (await readCommission())?.status).toBe("paid");
  const payout = await withTestDatabase(async (client) => (await client.query(`SELECT "amountMinor", method, "commissionCount" FROM "Payout" WHERE shop = $1 AND "creatorId" = $2`, [SHOP, CREATOR_ID])).rows);
  expect(payout).toEqual([{ amountMinor: "892", method: "bank_transfer", commissionCount: 1 }]);

  await frame.getByRole("row").filter({ hasText: "BT-4242" }).click();
  await expect(frame.getByRole("heading", { name: "Payout of $8.92" })).toBeVisible();
  await expect(frame.getByRole("link", { name: ORDER_NAME })).toBeVisible();

  // A payout recorded by mistake is voided with a reason: the commission is owed again.
  await frame.getByRole("button", { name: "Void payout" }).click();
  const voidDialog = frame.getByRole("dialog");
  await expect(voidDialog.getByRole("button", { name: "Void payout" })).toBeDisabled();
  await voidDialog.getByLabel("Reason").fill("Sent to the wrong account");
  await voidDialog.getByRole("button", { name: "Void payout" }).click();
  await expect(frame.getByText("This payout was voided")).toBeVisible();
  await expect(frame.getByText(/Voided by .*: Sent to the wrong account/)).toBeVisible();
  await expect.poll(async () => (await readCommission())?.status).toBe("approved");

  // The creators list shows the creator's code and performance columns.
  await page.getByRole("link", { name: "Creators", exact: true }).first().click();
  await expect(frame.getByRole("columnheader", { name: "Balance owed" })).toBeVisible();
  const creatorRow = frame.getByRole("row").filter({ hasText: CREATOR_NAME });
  await expect(creatorRow).toContainText("$8.92");
});
