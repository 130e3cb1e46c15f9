import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/start-webhook-receiver.ts";
import type { WebhookDeliverer } from "../webhooks/create-webhook-deliverer.ts";

const CONTROL = "http://localhost:4000/__devstore";
const opened: { devstore: TestDevstore; receiver: WebhookReceiver }[] = [];

afterEach(async () => {
  for (const { devstore, receiver } of opened.splice(0)) {
    await devstore.context.webhooks?.close();
    await receiver.close();
    devstore.cleanup();
  }
});

async function setUp() {
  const receiver = await startWebhookReceiver(TEST_APP.apiSecret);
  const devstore = createTestDevstore({ webhooks: { appUrl: receiver.url, retryScale: 1e-5 } });
  opened.push({ devstore, receiver });
  const webhooks = devstore.context.webhooks as WebhookDeliverer;
  const control = async (path: string, body?: unknown, host = CONTROL) => {
    const response = await devstore.app.request(`${host}${path}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };
  /** Topics received since the last call, each with a valid HMAC, and their parsed bodies. */
  let seen = 0;
  const received = async () => {
    await webhooks.idle();
    const fresh = receiver.received.slice(seen);
    seen = receiver.received.length;
    expect(fresh.every((hit) => hit.hmacValid)).toBe(true);
    return fresh.map((hit) => ({ topic: hit.headers["x-shopify-topic"], path: hit.path, body: JSON.parse(hit.body) as Record<string, unknown> }));
  };
  return { devstore, control, received };
}

function variantId(devstore: TestDevstore, sku: string): number {
  for (const product of devstore.context.state.read().products) {
    const variant = product.variants.find((candidate) => candidate.sku === sku);
    if (variant) return variant.id;
  }
  throw new Error(`no variant ${sku}`);
}

const orderSchema = z.looseObject({
  id: z.number(),
  admin_graphql_api_id: z.string(),
  line_items: z.array(z.looseObject({ id: z.number(), current_quantity: z.number() })),
  financial_status: z.string(),
});

describe("orders through the control API, with the app's webhooks", () => {
  it("lets a test set the order's risk signals: browser IP, client details, phone, shipping address, landing and referring sites", async () => {
    const { devstore, control, received } = await setUp();
    const [first] = devstore.context.state.read().products;
    const created = await control("/orders", {
      lineItems: [{ variantId: first?.variants[0]?.id, quantity: 1 }],
      email: "buyer@example.com",
      landingSite: "/products/x?gclid=Cj0KCQ&utm_medium=cpc",
      referringSite: "https://www.retailmenot.com/view/shop",
      browserIp: "198.51.100.4",
      userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/126",
      acceptLanguage: "de-DE,de;q=0.9",
      phone: "+49 30 1234567",
      shippingAddress: { address1: "Hauptstraße 5", city: "Berlin", zip: "10115", countryCode: "de" },
    });
    expect(created.status).toBe(201);
    const [paid] = (await received()).filter((hit) => hit.topic === "orders/paid");
    expect(paid?.body).toMatchObject({
      browser_ip: "198.51.100.4",
      client_details: { browser_ip: "198.51.100.4", user_agent: "Mozilla/5.0 (Windows NT 10.0) Chrome/126", accept_language: "de-DE,de;q=0.9" },
      phone: "+49 30 1234567",
      shipping_address: { address1: "Hauptstraße 5", address2: null, city: "Berlin", zip: "10115", country_code: "DE", phone: "+49 30 1234567" },
      billing_address: { address1: "Hauptstraße 5", city: "Berlin" },
      landing_site: "/products/x?gclid=Cj0KCQ&utm_medium=cpc",
      referring_site: "https://www.retailmenot.com/view/shop",
    });
    // Without them an order carries nulls, as a Shopify order made in the admin does.
    await control("/orders", { lineItems: [{ variantId: first?.variants[0]?.id, quantity: 1 }] });
    const [plain] = (await received()).filter((hit) => hit.topic === "orders/paid");
    expect(plain?.body).toMatchObject({ browser_ip: null, client_details: null, phone: null, shipping_address: null, billing_address: null });
  });

  it("create → orders/create + orders/paid; refund → refunds/create + orders/updated; edit; cancel", async () => {
    const { devstore, control, received } = await setUp();
    const created = await control("/orders", {
      lineItems: [{ variantId: `gid://shopify/ProductVariant/${variantId(devstore, "TSC-CAP-01")}`, quantity: 2 }],
      noteAttributes: [{ name: "_affable_ref", value: "r_maya" }],
      shippingPrice: "5.00",
      test: true,
    });
    expect(created.status).toBe(201);
    const order = orderSchema.parse(created.json.order);
    const createHits = await received();
    expect(createHits.map((hit) => [hit.topic, hit.path])).toEqual([
      ["orders/create", "/webhooks/orders/create"],
      ["orders/paid", "/webhooks/orders/paid"],
    ]);
    expect(createHits[1]?.body).toEqual(created.json.order);
    expect(createHits[1]?.body).toMatchObject({ test: true, note_attributes: [{ name: "_affable_ref", value: "r_maya" }] });

    const lineId = order.line_items[0]?.id;
    const refunded = await control(`/orders/${order.id}/refunds`, { lineItems: [{ lineItemId: lineId, quantity: 1 }] });
    expect(refunded.status).toBe(201);
    const refundHits = await received();
    expect(refundHits.map((hit) => hit.topic)).toEqual(["refunds/create", "orders/updated"]);
    expect(refundHits[0]?.body).toMatchObject({ order_id: order.id, refund_line_items: [{ line_item_id: lineId, quantity: 1, line_item: { id: lineId } }] });
    expect(refundHits[1]?.body).toMatchObject({ financial_status: "partially_refunded", line_items: [{ current_quantity: 1 }] });

    const edited = await control(`/orders/${encodeURIComponent(order.admin_graphql_api_id)}/edit`, { add: [{ variantId: variantId(devstore, "NBG-POUR-01"), quantity: 1 }] });
    expect(edited.status).toBe(200);
    const editHits = await received();
    expect(editHits.map((hit) => hit.topic)).toEqual(["orders/edited", "orders/updated"]);
    expect(editHits[0]?.body).toMatchObject({ order_edit: { order_id: order.id, line_items: { additions: [{ delta: 1 }], removals: [] } } });

    const cancelled = await control(`/orders/${order.id}/cancel`, { reason: "customer", refund: true });
    expect(cancelled.status).toBe(200);
    const cancelHits = await received();
    expect(cancelHits.map((hit) => hit.topic)).toEqual(["refunds/create", "orders/cancelled", "orders/updated"]);
    expect(cancelHits[1]?.body).toMatchObject({ cancel_reason: "customer", financial_status: "refunded" });

    const listed = await control("/orders");
    expect(z.array(orderSchema).parse(listed.json.orders).map((listedOrder) => listedOrder.id)).toEqual([order.id]);
  });

  it("answers bad input with 400/404/409/422 and a message saying what to send", async () => {
    const { devstore, control } = await setUp();
    expect(await control("/orders", { lineItems: [] })).toMatchObject({ status: 400, json: { error: expect.stringMatching(/at least one line item/) } });
    expect(await control("/orders", { lineItems: [{ variantId: 1, quantity: 1 }] })).toMatchObject({ status: 404, json: { error: expect.stringMatching(/No product variant 1/) } });
    expect(await control("/orders", { lineItems: [{ variantId: variantId(devstore, "TSC-CAP-01"), quantity: 1 }], discountCode: "NOPE" })).toMatchObject({ status: 422 });
    expect(await control("/orders/123/refunds", { full: true })).toMatchObject({ status: 404, json: { error: expect.stringMatching(/No order 123/) } });
    const created = await control("/orders", { lineItems: [{ variantId: variantId(devstore, "TSC-CAP-01"), quantity: 1 }] });
    const id = orderSchema.parse(created.json.order).id;
    expect((await control(`/orders/${id}/cancel`, {})).status).toBe(200);
    expect(await control(`/orders/${id}/cancel`, {})).toMatchObject({ status: 409, json: { error: expect.stringMatching(/already cancelled/) } });
  });

  it("is reachable only through a loopback host, like the rest of /__devstore", async () => {
    const { control } = await setUp();
    expect((await control("/orders", undefined, "https://affable-demo.myshopify.com/__devstore")).status).toBe(404);
  });
});
