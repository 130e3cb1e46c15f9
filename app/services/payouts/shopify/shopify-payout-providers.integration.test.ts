/**
 * Store credit and gift card payouts against PostgreSQL and the local Shopify, through the real
 * @shopify/shopify-api client: the creator's customer is found or created, money lands once, and a retry after a
 * lost answer or a crash finds what was done instead of paying again.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../../db.server";
import type { PayoutRunMethod } from "../../../generated/prisma/client";
import { openSecret } from "../../../security/secret-box.server";
import type { AdminGraphqlClient } from "../../../shopify/admin-client.server";
import { creditStoreCredit } from "../../../shopify/store-credit.server";
import { createMigratedDatabase, startShopifyHarness, TEST_SHOP, type ShopifyHarness } from "../../../../tests/support/app-test-harness";
import { useTestAppEnvironment } from "../../../../tests/support/webhook-requests";
import { ProviderSetupError, type ProviderItem } from "../providers/payout-provider";
import { checkPayoutScopes } from "./check-payout-scopes.server";
import { deriveGiftCardCode } from "./derive-gift-card-code.server";
import { findOrCreateCreatorCustomer } from "./find-or-create-creator-customer.server";
import { createGiftCardPayoutProvider, giftCardSealContext } from "./gift-card-payout-provider.server";
import { createStoreCreditPayoutProvider } from "./store-credit-payout-provider.server";

const postgresUrl = inject("postgresUrl");
const OTHER_SHOP = "other-shop.myshopify.com";
const SCOPES = [
  "read_customers", "write_customers", "read_orders",
  "read_store_credit_accounts", "read_store_credit_account_transactions", "write_store_credit_account_transactions",
  "read_gift_cards", "write_gift_cards",
];

let db: Database;
let shopify: ShopifyHarness;
let admin: AdminGraphqlClient;
let count = 0;

async function addCreator(shop: string, name: string, email?: string) {
  count += 1;
  const handle = `${name.toLowerCase().replace(/[^a-z]/g, "")}${count}`;
  return db.creator.create({ data: { shop, handle, name, email: email ?? `${handle}@creators.example`, refToken: `ref${count}x`, status: "approved" } });
}

/** A run item in `submitting`, as the payout job leaves it just before calling the provider. */
async function addSubmittingItem(creatorId: string, method: PayoutRunMethod, amountMinor: bigint, currency = "USD"): Promise<ProviderItem> {
  const now = new Date();
  const run = await db.payoutRun.create({
    data: { shop: TEST_SHOP, status: "submitting", currency, totalMinor: amountMinor, itemCount: 1, trigger: "manual", plannedAt: now, plannedBy: "staff:1" },
  });
  const item = await db.payoutRunItem.create({
    data: { shop: TEST_SHOP, runId: run.id, creatorId, status: "submitting", method, currency, amountMinor, senderItemId: `AFF-pending-${count}-${run.id}`, submittingAt: now },
  });
  const senderItemId = `AFF-${item.id}`;
  await db.payoutRunItem.update({ where: { id: item.id }, data: { senderItemId } });
  return { itemId: item.id, creatorId, senderItemId, senderBatchId: null, amountMinor, currency, note: "Affable payout", providerItemId: null };
}

function context() {
  return { db, shop: TEST_SHOP, runId: "run", now: new Date() };
}

function devstoreState() {
  return shopify.devstore.context.state.read();
}

function customerNumber(gid: string): number {
  return Number(gid.split("/").pop());
}

describe.skipIf(postgresUrl === null)("store credit and gift card payouts against the local Shopify", () => {
  const storeCredit = createStoreCreditPayoutProvider({ openAdmin: () => admin });
  const giftCards = createGiftCardPayoutProvider({ openAdmin: () => admin });

  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "shopify_payouts");
    db = created.db;
    useTestAppEnvironment(created.url, "test-secret");
    shopify = await startShopifyHarness({ scopes: SCOPES, approvedScopes: ["read_gift_cards", "write_gift_cards"] });
    admin = shopify.admin;
    await db.payoutSettings.create({ data: { shop: TEST_SHOP, storeCreditExpiryDays: 30, giftCardExpiryDays: 365 } });
  });

  afterAll(async () => {
    await db?.$disconnect();
    await shopify?.close();
  });

  it("finds the creator's customer by email or creates one, and links it only in the creator's shop", async () => {
    const seeded = devstoreState().customers[0];
    const existing = await addCreator(TEST_SHOP, "Seeded Buyer", seeded?.email.toUpperCase());
    const found = await findOrCreateCreatorCustomer(db, admin, TEST_SHOP, existing.id);
    expect(found).toMatchObject({ customerId: `gid://shopify/Customer/${seeded?.id}`, created: false });

    const fresh = await addCreator(TEST_SHOP, "Nova Quinn");
    const before = devstoreState().customers.length;
    const made = await findOrCreateCreatorCustomer(db, admin, TEST_SHOP, fresh.id);
    expect(made.created).toBe(true);
    expect(devstoreState().customers).toHaveLength(before + 1);
    expect(devstoreState().customers.find((customer) => customer.id === customerNumber(made.customerId))).toMatchObject({ email: fresh.email, firstName: "Nova", lastName: "Quinn" });
    expect((await db.creator.findUniqueOrThrow({ where: { id: fresh.id } })).shopifyCustomerId).toBe(made.customerId);
    // Asked again: the stored link, no second customer.
    expect((await findOrCreateCreatorCustomer(db, admin, TEST_SHOP, fresh.id)).customerId).toBe(made.customerId);
    expect(devstoreState().customers).toHaveLength(before + 1);

    const elsewhere = await addCreator(OTHER_SHOP, "Other Shop Creator");
    await expect(findOrCreateCreatorCustomer(db, admin, TEST_SHOP, elsewhere.id)).rejects.toThrow(/does not exist/);
  });

  it("credits store credit in the shop currency with the expiry from Settings, and Shopify emails the creator", async () => {
    const creator = await addCreator(TEST_SHOP, "Ava Credit");
    const item = await addSubmittingItem(creator.id, "store_credit", 4250n);
    const [report] = await storeCredit.submit(context(), [item]);
    expect(report).toMatchObject({ itemId: item.itemId, outcome: "succeeded", providerStatus: "credited", providerItemId: expect.stringContaining("StoreCreditAccountCreditTransaction") });

    const linked = await db.creator.findUniqueOrThrow({ where: { id: creator.id } });
    const account = devstoreState().storeCreditAccounts.find((candidate) => candidate.customerId === customerNumber(linked.shopifyCustomerId ?? ""));
    expect(account?.balance).toBe("42.50");
    const expiresAt = Date.parse(account?.transactions[0]?.expiresAt ?? "");
    expect(Math.round((expiresAt - Date.now()) / 86_400_000)).toBe(30);
    expect(devstoreState().mail[0]?.to).toEqual([creator.email]);
  });

  it("after a lost answer, asking again finds the credit instead of crediting twice", async () => {
    const creator = await addCreator(TEST_SHOP, "Lost Answer");
    const item = await addSubmittingItem(creator.id, "store_credit", 1999n);
    // The first submit credited, but its answer never reached Affable (nothing stored on the item).
    const [first] = await storeCredit.submit(context(), [item]);
    expect(first?.outcome).toBe("succeeded");

    const [looked] = await storeCredit.lookUp(context(), [item]);
    const [again] = await storeCredit.submit(context(), [item]);
    const linked = await db.creator.findUniqueOrThrow({ where: { id: creator.id } });
    const account = devstoreState().storeCreditAccounts.find((candidate) => candidate.customerId === customerNumber(linked.shopifyCustomerId ?? ""));
    expect(account?.transactions).toHaveLength(1);
    expect(account?.balance).toBe("19.99");
    const transactionId = first?.outcome === "succeeded" ? first.providerItemId : null;
    expect(looked).toMatchObject({ outcome: "succeeded", providerItemId: transactionId });
    expect(again).toMatchObject({ outcome: "succeeded", providerItemId: transactionId });
  });

  it("two credits of the item's amount since it started: needs review, never a third credit", async () => {
    const creator = await addCreator(TEST_SHOP, "Twice Over");
    const item = await addSubmittingItem(creator.id, "store_credit", 500n);
    const customer = await findOrCreateCreatorCustomer(db, admin, TEST_SHOP, creator.id);
    for (let index = 0; index < 2; index += 1) {
      await creditStoreCredit(admin, { customerId: customer.customerId, amount: { amount: "5.00", currencyCode: "USD" }, expiresAt: null, notify: false });
    }
    const [report] = await storeCredit.submit(context(), [item]);
    expect(report).toMatchObject({ outcome: "needs_review", reason: expect.stringContaining("received 2 store credits of this amount") });
    const account = devstoreState().storeCreditAccounts.find((candidate) => candidate.customerId === customerNumber(customer.customerId));
    expect(account?.transactions).toHaveLength(2);
  });

  it("a refused credit fails the item with Shopify's reason in the merchant's words", async () => {
    const creator = await addCreator(TEST_SHOP, "Over Limit");
    const item = await addSubmittingItem(creator.id, "store_credit", 1_000_001n);
    const [report] = await storeCredit.submit(context(), [item]);
    expect(report).toMatchObject({ outcome: "failed", providerStatus: "CREDIT_LIMIT_EXCEEDED", reason: expect.stringContaining("Over Limit's store credit would go over Shopify's limit") });
  });

  it("creates a gift card with the item's derived code, stores the code sealed, and emails it", async () => {
    const creator = await addCreator(TEST_SHOP, "Gift Taker");
    const item = await addSubmittingItem(creator.id, "gift_card", 3000n);
    const [report] = await giftCards.submit(context(), [item]);
    expect(report).toMatchObject({ outcome: "succeeded", providerStatus: "created_and_emailed", providerItemId: expect.stringContaining("GiftCard") });

    const code = deriveGiftCardCode(TEST_SHOP, item.senderItemId);
    const row = await db.payoutRunItem.findUniqueOrThrow({ where: { id: item.itemId } });
    expect(row.giftCardCodeSealed).not.toContain(code);
    expect(openSecret(row.giftCardCodeSealed ?? "", giftCardSealContext(TEST_SHOP, item.itemId))).toBe(code);
    expect(row.giftCardLastCharacters).toBe(code.slice(-4));
    const cards = devstoreState().giftCards.filter((card) => card.code === code);
    expect(cards).toMatchObject([{ initialValue: "30.00", balance: "30.00" }]);
    expect(devstoreState().mail[0]).toMatchObject({ to: [creator.email] });
    expect(devstoreState().mail[0]?.text?.replace(/\s/g, "").toLowerCase()).toContain(code);
  });

  it("a retry after a crash finds the code taken, looks the card up, and leaves one card", async () => {
    const creator = await addCreator(TEST_SHOP, "Crash Retry");
    const item = await addSubmittingItem(creator.id, "gift_card", 1234n);
    const [first] = await giftCards.submit(context(), [item]);
    // The process died before storing the answer: the job resumes the item and submits again.
    const [retry] = await giftCards.submit(context(), [item]);
    const [looked] = await giftCards.lookUp(context(), [item]);
    const cardId = first?.outcome === "succeeded" ? first.providerItemId : "none";
    expect(retry).toMatchObject({ outcome: "succeeded", providerItemId: cardId });
    expect(looked).toMatchObject({ outcome: "succeeded", providerItemId: cardId });
    const cards = devstoreState().giftCards.filter((card) => card.code === deriveGiftCardCode(TEST_SHOP, item.senderItemId));
    expect(cards).toHaveLength(1);
    // Shopify emailed the code once: the retry found the card and did not send the notification again.
    expect(cards[0]?.notifiedAt).toHaveLength(1);
    expect(devstoreState().mail.filter((mail) => mail.to.includes(creator.email))).toHaveLength(1);
    expect(retry).toMatchObject({ providerStatus: "created_and_emailed" });
  });

  it("without write_gift_cards the run is stopped before sending, with the reason in the merchant's words", async () => {
    const installationScopes = devstoreState().installations[0]?.scopes ?? [];
    // As if Shopify had not (yet) approved the gift card scope for this app.
    shopify.devstore.context.state.update((draft) => {
      const installation = draft.installations[0];
      if (installation) installation.scopes = installation.scopes.filter((scope) => !scope.endsWith("_gift_cards"));
    });
    try {
      const missing = await checkPayoutScopes(admin, ["store_credit", "gift_card"]);
      expect(missing).toEqual([{ method: "gift_card", scopes: ["read_gift_cards", "write_gift_cards"], explanation: expect.stringContaining("only after reviewing the app's request") }]);
      const creator = await addCreator(TEST_SHOP, "No Scope");
      const item = await addSubmittingItem(creator.id, "gift_card", 1000n);
      const cardsBefore = devstoreState().giftCards.length;
      await expect(giftCards.submit(context(), [item])).rejects.toBeInstanceOf(ProviderSetupError);
      expect(devstoreState().giftCards).toHaveLength(cardsBefore);
    } finally {
      shopify.devstore.context.state.update((draft) => {
        const installation = draft.installations[0];
        if (installation) installation.scopes = [...installationScopes];
      });
    }
  });
});
