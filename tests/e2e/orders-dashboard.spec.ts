import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { appFrame, ensureProgramSettings, insertApprovedCreatorWithCode, openApp, SHOP, stackValue, withTestDatabase } from "./support";

// An order id of its own, so nothing another spec does (or leaves) collides with it.
const ORDER_ID = 5820982999101;
const ORDER_GID = `gid://shopify/Order/${ORDER_ID}`;
const CREATOR_ID = "e2e-orders-creator";
let createdProgram = false;

function orderPayload() {
  const fixture = JSON.parse(readFileSync(path.join(import.meta.dirname, "../fixtures/webhooks/orders-paid-code.json"), "utf8")) as Record<string, unknown>;
  // Placed now, so it falls inside the dashboard's default range (last 30 days) whatever day the suite runs.
  const placed = new Date().toISOString();
  return { ...fixture, id: ORDER_ID, admin_graphql_api_id: ORDER_GID, name: "#7041", created_at: placed, processed_at: placed };
}

test.beforeAll(async () => {
  createdProgram = await ensureProgramSettings();
  await insertApprovedCreatorWithCode({
    id: CREATOR_ID, handle: "ada-orders", name: "Ada Orders", email: "ada-orders@example.com",
    refToken: "r_adaorders", codeId: "e2e-orders-code", code: "AMELIA15",
  });
});

test.afterAll(async () => {
  await withTestDatabase(async (client) => {
    await client.query(`DELETE FROM "Commission" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "WebhookEvent" WHERE shop = $1 AND payload->>'admin_graphql_api_id' = $2`, [SHOP, ORDER_GID]);
    await client.query(`DELETE FROM "Creator" WHERE shop = $1 AND id = $2`, [SHOP, CREATOR_ID]);
    if (createdProgram) await client.query(`DELETE FROM "ProgramSettings" WHERE shop = $1`, [SHOP]);
  });
});

test("an order webhook from the local Shopify shows up in Orders, explained in detail, and on the dashboard", async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  // Opening the app records the shop; Affable ignores webhooks for shops it does not know.
  await openApp(page);
  const sent = await fetch(`${stackValue("E2E_ADMIN_ORIGIN")}/__devstore/webhooks/send`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ topic: "orders/paid", payload: orderPayload() }),
  });
  expect(sent.status).toBe(202);
  await expect
    .poll(() => withTestDatabase(async (client) => (await client.query(`SELECT status FROM "AttributedOrder" WHERE shop = $1 AND "shopifyOrderId" = $2`, [SHOP, ORDER_GID])).rows[0]?.status), { timeout: 30_000 })
    .toBe("attributed");

  const frame = appFrame(page);
  // The local admin has its own "Orders" link; the app's one comes after it, under Apps › Affable.
  await page.getByRole("link", { name: "Orders", exact: true }).last().click();
  await expect(frame.getByRole("heading", { name: "Orders", exact: true })).toBeVisible();
  await frame.getByRole("link", { name: "#7041" }).click();

  await expect(frame.getByRole("heading", { name: "#7041" })).toBeVisible();
  await expect(frame.getByText("Won by: Discount code")).toBeVisible();
  await expect(frame.getByText("Commission for")).toBeVisible();
  // Bases $68.00 + $21.25 at 10%, half-even: $6.80 + $2.12 (2.125 → 2.12) = $8.92.
  await expect(frame.getByRole("cell", { name: "Commission earned" })).toBeVisible();
  await expect(frame.getByText("$8.92").first()).toBeVisible();
  await expect(frame.getByRole("cell", { name: "orders/paid" })).toBeVisible();
  await expect(frame.getByRole("link", { name: "View in Shopify admin" })).toHaveAttribute("href", `shopify:admin/orders/${ORDER_ID}`);

  await // Like Shopify admin, the sidebar shows the app's name for the rel="home" item (the dashboard).
  await page.getByRole("link", { name: "Affable", exact: true }).first().click();
  await expect(frame.getByText("Attributed revenue").first()).toBeVisible();
  await expect(frame.getByText("$89.25").first()).toBeVisible();
  await expect(frame.getByRole("link", { name: "Ada Orders" })).toBeVisible();
  // The chart renders in the browser only (polaris-viz cannot render on the server).
  await expect(frame.getByTestId("daily-performance-chart")).toBeVisible();
  await expect(frame.getByTestId("daily-performance-chart").locator("svg").first()).toBeVisible();

  await frame.getByLabel("Date range").selectOption("last_7_days");
  await expect(frame.getByText("$89.25").first()).toBeVisible();
  // No hydration mismatch from the client-only chart, no failed loads.
  expect(consoleErrors.filter((text) => !text.includes("favicon"))).toEqual([]);
});
