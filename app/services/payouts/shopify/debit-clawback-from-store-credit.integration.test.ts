/**
 * A merchant takes a creator's clawbacks back from their Shopify store credit: PostgreSQL for the ledger, the local
 * Shopify for the store credit. Commissions are made the real way (orders/paid, then a full refund after payout).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../../db.server";
import type { AdminGraphqlClient } from "../../../shopify/admin-client.server";
import { creditStoreCredit } from "../../../shopify/store-credit.server";
import { webhookPayloadSchemas } from "../../../webhooks/payload-schemas";
import { createMigratedDatabase, startShopifyHarness, TEST_SHOP, type ShopifyHarness } from "../../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, readLedgerRows, seedFixtureOrderShop } from "../../../../tests/support/record-fixture-order";
import { readWebhookFixture, useTestAppEnvironment } from "../../../../tests/support/webhook-requests";
import { changeCommissionStatuses } from "../../orders-commissions/change-commission-status.server";
import { recordRefundWebhook } from "../../orders-commissions/record-order-money.server";
import { createPayout } from "../create-payout.server";
import { listCreatorsOwed } from "../list-creators-owed.server";
import { debitClawbackFromStoreCredit } from "./debit-clawback-from-store-credit.server";

const postgresUrl = inject("postgresUrl");
const NOW = new Date("2026-12-31T12:00:00.000Z");
const STAFF = "staff:1001";
const SCOPES = ["read_customers", "write_customers", "read_store_credit_accounts", "read_store_credit_account_transactions", "write_store_credit_account_transactions"];

let db: Database;
let shopify: ShopifyHarness;
let admin: AdminGraphqlClient;
let amelia: { id: string };
const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_300_000_000_001 });

async function refundInFull(shopifyOrderId: string) {
  const orderId = Number(shopifyOrderId.split("/").pop());
  for (const [fixture, offset] of [["refunds-create-partial", 6], ["refunds-create-full", 7]] as const) {
    const refund = webhookPayloadSchemas.REFUNDS_CREATE.parse({ ...readWebhookFixture(fixture), id: orderId + offset, admin_graphql_api_id: `gid://shopify/Refund/${orderId + offset}`, order_id: orderId });
    await db.$transaction((tx) => recordRefundWebhook(tx, { shop: TEST_SHOP, webhookEventId: `test-refund-${String(refund.id)}` }, refund, NOW));
  }
}

function balanceOf(customerGid: string): string | undefined {
  const id = Number(customerGid.split("/").pop());
  return shopify.devstore.context.state.read().storeCreditAccounts.find((account) => account.customerId === id)?.balance;
}

/** Ids of the debit transactions on the customer's store credit account in the local Shopify, oldest first. */
function debitsOf(customerGid: string): string[] {
  const id = Number(customerGid.split("/").pop());
  const account = shopify.devstore.context.state.read().storeCreditAccounts.find((candidate) => candidate.customerId === id);
  return (account?.transactions ?? []).filter((transaction) => transaction.kind === "debit").map((transaction) => `gid://shopify/StoreCreditAccountDebitTransaction/${transaction.id}`);
}

describe.skipIf(postgresUrl === null)("debiting a clawback from store credit", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "clawback_debit");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    shopify = await startShopifyHarness({ scopes: SCOPES });
    admin = shopify.admin;
    amelia = await seedFixtureOrderShop(db, TEST_SHOP);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await shopify?.close();
  });

  it("refused for too little credit (the intent voided, the clawback owed again), then recovers the clawback once, squaring the ledger", async () => {
    const commission = await recordOrder(TEST_SHOP, 40);
    await changeCommissionStatuses({ db, shop: TEST_SHOP, actor: STAFF, action: "approve", commissionIds: [commission.id], now: NOW });
    const paid = await createPayout({ db, shop: TEST_SHOP, actor: STAFF, creatorId: amelia.id, method: "paypal", requestKey: "pay-1", now: NOW });
    expect(paid).toMatchObject({ ok: true, outcomes: [{ outcome: "created" }] });
    await refundInFull(commission.shopifyOrderId);
    // $8.92 paid on an order now refunded in full: a clawback that would carry over to the next payout.
    expect((await listCreatorsOwed(db, TEST_SHOP)).creators[0]?.plan).toMatchObject({ clawbacks: { amountMinor: 892n, currency: "USD" }, commissionCount: 1 });

    const customer = shopify.devstore.context.state.read().customers[0];
    const customerId = `gid://shopify/Customer/${customer?.id}`;
    await db.creator.update({ where: { id: amelia.id }, data: { shopifyCustomerId: customerId } });
    await creditStoreCredit(admin, { customerId, amount: { amount: "5.00", currencyCode: "USD" }, expiresAt: null, notify: false });

    const refused = await debitClawbackFromStoreCredit({ db, admin, shop: TEST_SHOP, actor: STAFF, creatorId: amelia.id, requestKey: "debit-1", now: NOW });
    expect(refused).toMatchObject({ ok: false, status: 422, message: expect.stringContaining("balance is lower than the amount to take back") });
    // The intent was recorded first; the refusal voided it, so the clawback is owed again.
    expect(await db.payout.findFirstOrThrow({ where: { shop: TEST_SHOP, requestKey: "debit-1" } })).toMatchObject({ reference: null, voidedBy: "system:shopify", voidReason: expect.stringContaining("balance is lower") });
    expect((await listCreatorsOwed(db, TEST_SHOP)).creators[0]?.plan).toMatchObject({ clawbacks: { amountMinor: 892n, currency: "USD" } });
    expect(balanceOf(customerId)).toBe("5.00");

    await creditStoreCredit(admin, { customerId, amount: { amount: "15.00", currencyCode: "USD" }, expiresAt: null, notify: false });
    const debited = await debitClawbackFromStoreCredit({ db, admin, shop: TEST_SHOP, actor: STAFF, creatorId: amelia.id, requestKey: "debit-2", now: NOW });
    expect(debited).toMatchObject({ ok: true, outcome: "debited", payout: { amountMinor: -892n, method: "store_credit", reference: expect.stringContaining("StoreCreditAccountDebitTransaction") } });
    expect(balanceOf(customerId)).toBe("11.08");
    const rows = await readLedgerRows(db, commission.id);
    expect(rows.at(-1)).toEqual(["payout", -892n, expect.any(String), STAFF]);
    expect((await listCreatorsOwed(db, TEST_SHOP)).creators).toEqual([]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { shop: TEST_SHOP, action: "payout.clawback_debited_from_store_credit" } });
    expect(audit).toMatchObject({ actor: STAFF, details: { amount: "$8.92", balanceAfter: "11.08 USD" } });

    // A double click: the same key answers the first debit; Shopify is not asked again.
    const again = await debitClawbackFromStoreCredit({ db, admin, shop: TEST_SHOP, actor: STAFF, creatorId: amelia.id, requestKey: "debit-2", now: NOW });
    expect(again).toMatchObject({ ok: true, outcome: "already_recorded" });
    expect(balanceOf(customerId)).toBe("11.08");
    // Nothing left to recover.
    expect(await debitClawbackFromStoreCredit({ db, admin, shop: TEST_SHOP, actor: STAFF, creatorId: amelia.id, requestKey: "debit-3", now: NOW })).toMatchObject({ ok: false, status: 422 });
  });

  it("a crash after Shopify debited and before Affable recorded it: the next try finds Shopify's debit and never debits again", async () => {
    const commission = await recordOrder(TEST_SHOP, 40);
    await changeCommissionStatuses({ db, shop: TEST_SHOP, actor: STAFF, action: "approve", commissionIds: [commission.id], now: NOW });
    expect(await createPayout({ db, shop: TEST_SHOP, actor: STAFF, creatorId: amelia.id, method: "paypal", requestKey: "pay-crash", now: NOW })).toMatchObject({ ok: true });
    await refundInFull(commission.shopifyOrderId);
    const creator = await db.creator.findFirstOrThrow({ where: { id: amelia.id } });
    const customerId = creator.shopifyCustomerId ?? "";
    await creditStoreCredit(admin, { customerId, amount: { amount: "20.00", currencyCode: "USD" }, expiresAt: null, notify: false });
    const before = balanceOf(customerId);
    const newDebits = () => debitsOf(customerId).slice(earlierDebits);
    const earlierDebits = debitsOf(customerId).length;
    // Real time: Shopify stamps its transactions with the clock, and the look-up window starts at the attempt.
    const now = new Date();

    // The process dies the moment Shopify's answer to the debit arrives (SIGKILL: nothing after it runs).
    const dying: AdminGraphqlClient = {
      async graphql(query, options) {
        const response = await admin.graphql(query, options);
        if (query.includes("storeCreditAccountDebit(")) throw new Error("SIGKILL");
        return response;
      },
    };
    await expect(debitClawbackFromStoreCredit({ db, admin: dying, shop: TEST_SHOP, actor: STAFF, creatorId: amelia.id, requestKey: "debit-crash-1", now })).rejects.toThrow("SIGKILL");
    expect(newDebits()).toHaveLength(1);

    // The merchant reloads the page and clicks again (a new one-time key).
    const retried = await debitClawbackFromStoreCredit({ db, admin, shop: TEST_SHOP, actor: STAFF, creatorId: amelia.id, requestKey: "debit-crash-2", now: new Date(now.getTime() + 60_000) });
    expect(retried).toMatchObject({ ok: true, payout: { amountMinor: -892n, requestKey: "debit-crash-1", reference: newDebits()[0] } });
    expect(newDebits()).toHaveLength(1);
    expect(Number(balanceOf(customerId))).toBeCloseTo(Number(before) - 8.92, 2);
    expect((await listCreatorsOwed(db, TEST_SHOP)).creators).toEqual([]);
    expect(await db.payout.count({ where: { shop: TEST_SHOP, creatorId: amelia.id, amountMinor: { lt: 0n }, voidedAt: null } })).toBe(2);
  });
});
