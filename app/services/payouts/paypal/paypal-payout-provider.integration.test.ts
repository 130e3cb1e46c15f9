/**
 * The PayPal provider and client against the local PayPal, reached the way the app reaches PayPal: global fetch to
 * https://api-m.sandbox.paypal.com, routed by the devstore's undici dispatcher (devstore/intercept.mjs's seam).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import type { Database } from "../../../db.server";
import { createMigratedDatabase, startShopifyHarness, type ShopifyHarness } from "../../../../tests/support/app-test-harness";
import { SANDBOX_APP, connectShopToLocalPaypal, seedSubmittingPaypalRun } from "../../../../tests/support/paypal-fixtures";
import { useTestAppEnvironment } from "../../../../tests/support/webhook-requests";
import { ProviderRetryableError, ProviderSetupError, type ProviderContext } from "../providers/payout-provider";
import { clearPaypalTokenCache, createPaypalClient, PaypalApiError } from "./paypal-client.server";
import { createPaypalPayoutProvider } from "./paypal-payout-provider.server";

const postgresUrl = inject("postgresUrl");

let db: Database;
let harness: ShopifyHarness;
let shopNumber = 0;

function nextShop(): string {
  shopNumber += 1;
  return `paypal-${shopNumber}.myshopify.com`;
}

function context(shop: string, runId: string): ProviderContext {
  return { db, shop, runId, now: new Date() };
}

function paypalState() {
  const paypal = harness.devstore.paypal;
  if (!paypal) throw new Error("the devstore runs without its local PayPal");
  return paypal.store.read().sandbox;
}

function usdBalance(): bigint {
  return BigInt(paypalState().accounts.find((account) => account.clientId === SANDBOX_APP.clientId)!.balances.USD!);
}

describe.skipIf(postgresUrl === null)("PayPal payouts against the local PayPal (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "paypal_provider");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    harness = await startShopifyHarness();
  });
  afterAll(async () => {
    await harness?.close();
    await db?.$disconnect();
  });
  beforeEach(async () => {
    clearPaypalTokenCache();
    await harness.control("/__devstore/paypal/chaos", { environment: "sandbox", hang: null, serverError: null, rateLimit: null });
  });

  it("submits one batch (sender_batch_id AFF-<run>-1, one item per creator) and reports each item; the balance pays exactly the total", async () => {
    const shop = nextShop();
    await connectShopToLocalPaypal(db, shop);
    const { runId, items } = await seedSubmittingPaypalRun(db, shop, [
      { creatorId: "c1", paypalEmail: "ana@example.com", amountMinor: 1250n },
      { creatorId: "c2", paypalEmail: "ben@example.com", amountMinor: 399n },
    ]);
    const before = usdBalance();
    const reports = await createPaypalPayoutProvider().submit(context(shop, runId), items);

    expect(reports.map((report) => report.outcome).every((outcome) => outcome === "submitted" || outcome === "succeeded")).toBe(true);
    const batch = paypalState().batches.find((candidate) => candidate.sender_batch_header.sender_batch_id === `AFF-${runId}-1`);
    expect(batch).toBeDefined();
    expect(reports.map((report) => ("providerBatchId" in report ? report.providerBatchId : null))).toEqual([batch!.payout_batch_id, batch!.payout_batch_id]);
    expect(usdBalance()).toBe(before - 1649n);
    const sent = paypalState().items.filter((item) => item.payout_batch_id === batch!.payout_batch_id);
    expect(sent.map((item) => [item.payout_item.sender_item_id, item.payout_item.receiver, item.payout_item.amount.value])).toEqual([
      [items[0]!.senderItemId, "ana@example.com", "12.50"],
      [items[1]!.senderItemId, "ben@example.com", "3.99"],
    ]);
  });

  it("a duplicate batch submit after a timeout pays once: the first answer is lost, the retry finds the batch PayPal has", async () => {
    const shop = nextShop();
    await connectShopToLocalPaypal(db, shop);
    const { runId, items } = await seedSubmittingPaypalRun(db, shop, [{ creatorId: "c1", paypalEmail: "ana@example.com", amountMinor: 5000n }]);
    const before = usdBalance();
    // PayPal stores the batch, then answers too late.
    await harness.control("/__devstore/paypal/chaos", { environment: "sandbox", hang: { count: 1, when: "after", ms: 3000 } });
    const provider = createPaypalPayoutProvider({ timeoutMs: 400 });

    await expect(provider.submit(context(shop, runId), items)).rejects.toBeInstanceOf(ProviderRetryableError);
    expect(usdBalance()).toBe(before - 5000n);

    // The job retries (submit again), and the status sync asks again without a stored batch id (lookUp).
    const retried = await provider.submit(context(shop, runId), items);
    const lookedUp = await provider.lookUp(context(shop, runId), items);
    const batches = paypalState().batches.filter((candidate) => candidate.sender_batch_header.sender_batch_id === `AFF-${runId}-1`);
    expect(batches).toHaveLength(1);
    expect(retried).toEqual([expect.objectContaining({ itemId: items[0]!.itemId, providerBatchId: batches[0]!.payout_batch_id })]);
    expect(lookedUp).toEqual([expect.objectContaining({ itemId: items[0]!.itemId, providerBatchId: batches[0]!.payout_batch_id })]);
    expect(usdBalance()).toBe(before - 5000n);
  });

  it("a 5xx or a 429 is retryable and stores nothing; the retry pays once", async () => {
    const shop = nextShop();
    await connectShopToLocalPaypal(db, shop);
    const { runId, items } = await seedSubmittingPaypalRun(db, shop, [{ creatorId: "c1", paypalEmail: "ana@example.com", amountMinor: 100n }]);
    const before = usdBalance();
    const provider = createPaypalPayoutProvider();
    await harness.control("/__devstore/paypal/chaos", { environment: "sandbox", serverError: { count: 1, status: 503 } });
    await expect(provider.submit(context(shop, runId), items)).rejects.toThrow(/PayPal answered 503 INTERNAL_SERVER_ERROR/);
    await harness.control("/__devstore/paypal/chaos", { environment: "sandbox", rateLimit: { count: 1 } });
    await expect(provider.submit(context(shop, runId), items)).rejects.toBeInstanceOf(ProviderRetryableError);
    expect(usdBalance()).toBe(before);
    await provider.submit(context(shop, runId), items);
    expect(usdBalance()).toBe(before - 100n);
  });

  it("a batch PayPal refuses (insufficient funds) fails every item with a reason the merchant can act on, and takes nothing", async () => {
    const shop = nextShop();
    await connectShopToLocalPaypal(db, shop);
    const { runId, items } = await seedSubmittingPaypalRun(db, shop, [{ creatorId: "c1", paypalEmail: "ana@example.com", amountMinor: 500n }]);
    const before = usdBalance();
    await harness.control("/__devstore/paypal/balances", { environment: "sandbox", clientId: SANDBOX_APP.clientId, currency: "USD", value: "4.99" });
    try {
      const reports = await createPaypalPayoutProvider().submit(context(shop, runId), items);
      expect(reports).toEqual([
        expect.objectContaining({ outcome: "failed", providerStatus: "INSUFFICIENT_FUNDS", reason: expect.stringContaining("Your PayPal balance does not cover this payout batch") }),
      ]);
      expect(usdBalance()).toBe(499n);
    } finally {
      await harness.control("/__devstore/paypal/balances", { environment: "sandbox", clientId: SANDBOX_APP.clientId, currency: "USD", value: `${before / 100n}.${String(before % 100n).padStart(2, "0")}` });
    }
  });

  it("an item without a usable PayPal email or in a currency PayPal cannot pay fails before anything is sent", async () => {
    const shop = nextShop();
    await connectShopToLocalPaypal(db, shop);
    const { runId, items } = await seedSubmittingPaypalRun(db, shop, [{ creatorId: "c1", paypalEmail: "not an email", amountMinor: 100n }]);
    const reports = await createPaypalPayoutProvider().submit(context(shop, runId), items);
    expect(reports).toEqual([expect.objectContaining({ outcome: "failed", reason: expect.stringContaining("no valid PayPal email") })]);
    expect(paypalState().batches.some((batch) => batch.sender_batch_header.sender_batch_id === `AFF-${runId}-1`)).toBe(false);
  });

  it("lookUp by the stored payout_batch_id: UNCLAIMED stays submitted, then RETURNED after 30 days fails with the reason", async () => {
    const shop = nextShop();
    await connectShopToLocalPaypal(db, shop);
    await harness.control("/__devstore/paypal/receivers", { environment: "sandbox", receiver: "nobody@example.com", behaviour: "unclaimed" });
    const { runId, items } = await seedSubmittingPaypalRun(db, shop, [{ creatorId: "c1", paypalEmail: "nobody@example.com", amountMinor: 700n }]);
    const provider = createPaypalPayoutProvider();
    const [submitted] = await provider.submit(context(shop, runId), items);
    harness.devstore.paypal!.process();
    await db.payoutRunItem.update({ where: { id: items[0]!.itemId }, data: { providerBatchId: submitted && "providerBatchId" in submitted ? submitted.providerBatchId : null } });

    expect(await provider.lookUp(context(shop, runId), items)).toEqual([expect.objectContaining({ outcome: "submitted", providerStatus: "UNCLAIMED" })]);
    await harness.control("/__devstore/paypal/advance", { days: 30 });
    const [returned] = await provider.lookUp(context(shop, runId), items);
    expect(returned).toMatchObject({ outcome: "failed", providerStatus: "RETURNED", reason: expect.stringContaining("nobody@example.com has no PayPal account and did not claim it within 30 days") });
  });

  it("caches the token per shop and environment: two calls, one token", async () => {
    const shop = nextShop();
    const client = createPaypalClient({ shop, environment: "sandbox", ...SANDBOX_APP });
    const tokensBefore = paypalState().tokens.length;
    await client.listWebhooks();
    await client.listWebhooks();
    expect(paypalState().tokens.length).toBe(tokensBefore + 1);
  });

  it("a wrong secret is PayPal's invalid_client; a shop without PayPal is a setup error", async () => {
    const shop = nextShop();
    const wrong = createPaypalClient({ shop, environment: "sandbox", clientId: SANDBOX_APP.clientId, clientSecret: "wrong" });
    await expect(wrong.fetchToken()).rejects.toMatchObject({ status: 401, paypalName: "invalid_client" });
    await expect(wrong.fetchToken()).rejects.toBeInstanceOf(PaypalApiError);
    await expect(createPaypalPayoutProvider().submit(context(nextShop(), "run"), [
      { itemId: "i", creatorId: "c", senderItemId: "AFF-i", senderBatchId: "AFF-run-1", amountMinor: 1n, currency: "USD", note: "", providerItemId: null },
    ])).rejects.toBeInstanceOf(ProviderSetupError);
  });
});
