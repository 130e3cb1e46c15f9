import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createGiftCard } from "../admin-api/gift-cards/gift-card-resolvers.ts";
import { creditStoreCredit } from "../admin-api/store-credit/store-credit-operations.ts";
import { parseMinor } from "../orders/order-money.ts";
import { toGid } from "../state/shopify-gid.ts";
import { createShopper } from "../test-support/create-shopper.ts";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/start-webhook-receiver.ts";
import type { WebhookDeliverer } from "../webhooks/create-webhook-deliverer.ts";

const opened: { devstore: TestDevstore; receiver: WebhookReceiver }[] = [];
afterEach(async () => {
  for (const { devstore, receiver } of opened.splice(0)) {
    await devstore.context.webhooks?.close();
    await receiver.close();
    devstore.cleanup();
  }
});

const orderSchema = z.looseObject({ id: z.number(), total_price: z.string(), payment_gateway_names: z.array(z.string()) });

async function setUp() {
  const receiver = await startWebhookReceiver(TEST_APP.apiSecret);
  const devstore = createTestDevstore({ webhooks: { appUrl: receiver.url, retryScale: 1e-5 }, storefront: { logError: () => undefined } });
  opened.push({ devstore, receiver });
  const shopper = createShopper((request) => devstore.app.fetch(request));
  const variant = devstore.context.state.read().products[0]?.variants[0];
  const customer = devstore.context.state.read().customers[0];
  if (!variant || !customer) throw new Error("the seed has products and customers");
  return { devstore, receiver, shopper, variantId: variant.id, customer };
}

async function lastOrderPayload(devstore: TestDevstore, receiver: WebhookReceiver) {
  await (devstore.context.webhooks as WebhookDeliverer).idle();
  const created = receiver.received.filter((hit) => hit.headers["x-shopify-topic"] === "orders/create").at(-1);
  return orderSchema.parse(JSON.parse(created?.body ?? "{}"));
}

describe("checkout with gift cards and store credit", () => {
  it("any shopper pays with a gift card code: the card's balance goes down and the order names the gift_card gateway", async () => {
    const { devstore, receiver, shopper, variantId } = await setUp();
    devstore.context.state.update((draft) => createGiftCard(draft, { initialValue: "1000.00", code: "PAYOUTCARD2026" }, devstore.clock.now()));
    await shopper.postJson("/cart/add.js", { id: variantId });

    const preview = await (await shopper.submit("/checkout", { email: "guest@example.com", gift_card: "payoutcard2026", action: "apply" })).text();
    expect(preview).toContain("Gift card •••• 2026");
    expect(preview).toContain('id="checkout-due">0.00 USD');

    const paid = await shopper.submit("/checkout", { email: "guest@example.com", gift_card: "payoutcard2026", action: "pay" });
    expect(paid.status).toBe(303);
    const order = await lastOrderPayload(devstore, receiver);
    expect(order.payment_gateway_names).toEqual(["gift_card"]);
    const card = devstore.context.state.read().giftCards[0];
    expect(parseMinor(card?.balance ?? "0", "USD")).toBe(100_000n - parseMinor(order.total_price, "USD"));
    expect(card?.usages).toEqual([{ orderId: order.id, amount: order.total_price, at: expect.any(String) }]);

    // An unknown code is refused before anything is charged.
    await shopper.postJson("/cart/add.js", { id: variantId });
    const unknown = await shopper.submit("/checkout", { email: "guest@example.com", gift_card: "nosuchcard123", action: "pay" });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("This gift card code does not exist.");
    expect(devstore.context.state.read().orders).toHaveLength(1);
  });

  it("a signed-in customer spends their store credit; the rest is charged to the card; a guest with their email cannot", async () => {
    const { devstore, receiver, shopper, variantId, customer } = await setUp();
    devstore.context.state.update((draft) =>
      creditStoreCredit(draft, { id: toGid("Customer", customer.id), amount: "10.00", currencyCode: "USD", expiresAt: null, notify: false }, devstore.clock.now()),
    );
    await shopper.postJson("/cart/add.js", { id: variantId, quantity: 3 });

    // Matched by email only, not signed in: store credit is not offered and not accepted.
    const guest = await shopper.submit("/checkout", { email: customer.email, use_store_credit: "1", action: "pay" });
    expect(guest.status).toBe(422);
    expect(await guest.text()).toContain("Log in to your customer account to use store credit.");

    await shopper.submit("/account/login", { email: customer.email, return_to: "/checkout" });
    const page = await (await shopper.request("/checkout")).text();
    expect(page).toContain("Use my store credit (10.00 USD available)");
    const paid = await shopper.submit("/checkout", { email: "", use_store_credit: "1", action: "pay" });
    expect(paid.status).toBe(303);

    const order = await lastOrderPayload(devstore, receiver);
    expect(order.payment_gateway_names).toEqual(["shopify_store_credit", "bogus"]);
    const account = devstore.context.state.read().storeCreditAccounts[0];
    expect(account?.balance).toBe("0.00");
    expect(account?.transactions.at(-1)).toMatchObject({ kind: "debit", amount: "10.00", event: "ORDER_PAYMENT", orderId: order.id });
    expect(devstore.context.state.read().orders.at(-1)?.payments).toEqual([
      { gateway: "shopify_store_credit", amount: "10.00", storeCreditAccountId: account?.id, giftCardId: null, giftCardLastCharacters: null },
    ]);
  });
});
