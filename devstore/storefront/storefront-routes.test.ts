import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { PROJECT_ROOT } from "../config.ts";
import type { DiscountRecord } from "../state/state-schema.ts";
import { createShopper } from "../test-support/create-shopper.ts";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/start-webhook-receiver.ts";
import type { WebhookDeliverer } from "../webhooks/create-webhook-deliverer.ts";

const opened: { devstore: TestDevstore; receiver?: WebhookReceiver; directory?: string }[] = [];

afterEach(async () => {
  for (const { devstore, receiver, directory } of opened.splice(0)) {
    await devstore.context.webhooks?.close();
    await receiver?.close();
    devstore.cleanup();
    if (directory) rmSync(directory, { recursive: true, force: true });
  }
});

const cartSchema = z.object({
  token: z.string(),
  attributes: z.record(z.string(), z.string()),
  item_count: z.number(),
  total_price: z.number(),
  items: z.array(z.object({ key: z.string(), variant_id: z.number(), quantity: z.number(), price: z.number(), line_price: z.number() })),
});

/** A fixture theme app extension: one body app embed and its script, plus a section block that must NOT render. */
function writeFixtureExtension(): string {
  const directory = mkdtempSync(path.join(tmpdir(), "devstore-extensions-"));
  mkdirSync(path.join(directory, "fixture-embed", "blocks"), { recursive: true });
  mkdirSync(path.join(directory, "fixture-embed", "assets"), { recursive: true });
  writeFileSync(
    path.join(directory, "fixture-embed", "blocks", "capture.liquid"),
    `<script src="{{ 'capture.js' | asset_url }}" data-params="{{ block.settings.ref_params | escape }}" data-days="{{ block.settings.days | plus: 1 }}" defer></script>
{% schema %}{"name": "Capture", "target": "body", "settings": [{"type": "text", "id": "ref_params", "default": "ref"}, {"type": "range", "id": "days", "default": 30}]}{% endschema %}`,
  );
  writeFileSync(
    path.join(directory, "fixture-embed", "blocks", "section.liquid"),
    `<p>section block</p>{% schema %}{"name": "Section", "target": "section", "settings": []}{% endschema %}`,
  );
  writeFileSync(path.join(directory, "fixture-embed", "assets", "capture.js"), "console.log('fixture');\n");
  return directory;
}

async function setUp(options: { extensionsDir?: string } = {}) {
  const receiver = await startWebhookReceiver(TEST_APP.apiSecret);
  const devstore = createTestDevstore({ webhooks: { appUrl: receiver.url, retryScale: 1e-5 }, storefront: { extensionsDir: options.extensionsDir, logError: () => undefined } });
  opened.push({ devstore, receiver, directory: options.extensionsDir });
  const shopper = createShopper((request) => devstore.app.fetch(request));
  const products = devstore.context.state.read().products;
  const first = products[0];
  const second = products[1];
  if (!first?.variants[0] || !second?.variants[0]) throw new Error("the seed has products");
  return { devstore, receiver, shopper, first, second, firstVariant: first.variants[0].id, secondVariant: second.variants[0].id };
}

function addDiscount(devstore: TestDevstore, code: string, overrides: Partial<DiscountRecord> = {}): void {
  const now = devstore.clock.now();
  devstore.context.state.update((draft) => {
    draft.discounts.push({
      id: draft.nextId++,
      type: "DiscountCodeBasic",
      title: `${code} title`,
      codes: [{ id: draft.nextId++, code, asyncUsageCount: 0 }],
      startsAt: new Date(now.getTime() - 60_000).toISOString(),
      endsAt: null,
      usageLimit: null,
      appliesOncePerCustomer: false,
      asyncUsageCount: 0,
      value: { kind: "percentage", percentage: 0.1 },
      items: "all",
      buyers: "all",
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      ...overrides,
    });
  });
}

async function readCart(response: Response) {
  expect(response.status).toBe(200);
  return cartSchema.parse(await response.json());
}

describe("the Ajax Cart API", () => {
  it("adds, merges, updates attributes (merge; blank removes), changes and clears, under / and a locale root alike", async () => {
    const { shopper, firstVariant, secondVariant } = await setUp();
    const empty = await readCart(await shopper.request("/cart.js"));
    expect(empty.items).toEqual([]);

    const added = await shopper.postJson("/cart/add.js", { id: firstVariant, quantity: 2 });
    expect(added.status).toBe(200);
    expect(await added.json()).toMatchObject({ variant_id: firstVariant, quantity: 2 });
    expect(shopper.cookies.get("cart")).toMatch(/^[0-9a-f]{32}$/);

    const many = await shopper.postJson("/cart/add.js", { items: [{ id: firstVariant, quantity: 1 }, { id: secondVariant }] });
    expect(((await many.json()) as { items: unknown[] }).items).toHaveLength(2);
    let cart = await readCart(await shopper.request("/cart.js"));
    expect(cart.items.map((item) => [item.variant_id, item.quantity])).toEqual([[firstVariant, 3], [secondVariant, 1]]);
    expect(cart.item_count).toBe(4);
    expect(cart.total_price).toBe(cart.items.reduce((sum, item) => sum + item.line_price, 0));

    cart = await readCart(await shopper.postJson("/cart/update.js", { attributes: { _affable_ref: "maya", _affable_click_id: "c1" } }));
    // The locale root (Shopify.routes.root = "/fr/") reaches the same cart; attributes merge.
    cart = await readCart(await shopper.postJson("/fr/cart/update.js", { attributes: { _affable_click_id: "c2", other: "x" } }));
    expect(cart.attributes).toEqual({ _affable_ref: "maya", _affable_click_id: "c2", other: "x" });
    cart = await readCart(await shopper.postJson("/cart/update.js", { attributes: { other: "" }, updates: { [String(secondVariant)]: 0 } }));
    expect(cart.attributes).toEqual({ _affable_ref: "maya", _affable_click_id: "c2" });
    expect(cart.items.map((item) => item.variant_id)).toEqual([firstVariant]);

    // A form-encoded update, as a theme's <form> sends it.
    const form = await shopper.request("/cart/update.js", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "attributes%5Bgift%5D=yes" });
    expect((await readCart(form)).attributes.gift).toBe("yes");

    cart = await readCart(await shopper.postJson("/cart/change.js", { line: 1, quantity: 5 }));
    expect(cart.items[0]?.quantity).toBe(5);
    cart = await readCart(await shopper.postJson("/cart/clear.js", {}));
    expect(cart.items).toEqual([]);
    expect(cart.attributes._affable_ref).toBe("maya");
  });

  it("takes the product page's and the cart page's forms (quantities by line key) and goes on to checkout", async () => {
    const { shopper, first, firstVariant } = await setUp();
    const added = await shopper.submit("/cart/add", { id: String(firstVariant), quantity: "2" });
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toBe("/cart");
    const page = await (await shopper.request("/cart")).text();
    expect(page).toContain(first.title);
    const name = /name="(updates\[[^\]]+\])"/.exec(page)?.[1] ?? "";
    const updated = await shopper.submit("/fr/cart", { [name]: "3", checkout: "1" });
    expect(updated.headers.get("location")).toBe("/fr/checkout");
    expect((await readCart(await shopper.request("/cart.js"))).items.map((item) => item.quantity)).toEqual([3]);
  });

  it("answers Shopify's error shapes for an unknown variant and a body that is not JSON, leaving the cart as it was", async () => {
    const { shopper, firstVariant } = await setUp();
    await shopper.postJson("/cart/add.js", { id: firstVariant });
    const unknown = await shopper.postJson("/cart/add.js", { items: [{ id: firstVariant }, { id: 999 }] });
    expect(unknown.status).toBe(422);
    expect(await unknown.json()).toMatchObject({ status: 422, message: "Cart Error", description: expect.stringContaining("Cannot find variant 999") });
    const garbage = await shopper.request("/cart/update.js", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{nope" });
    expect(garbage.status).toBe(400);
    const cart = await readCart(await shopper.request("/cart.js"));
    expect(cart.items.map((item) => item.quantity)).toEqual([1]);
  });
});

describe("checkout", () => {
  const webhookOrderSchema = z.looseObject({
    id: z.number(),
    email: z.string(),
    note_attributes: z.array(z.object({ name: z.string(), value: z.string().nullable() })),
    discount_codes: z.array(z.looseObject({ code: z.string(), amount: z.string() })),
    landing_site: z.string().nullable(),
    referring_site: z.string().nullable(),
    customer: z.looseObject({ id: z.number() }).nullable(),
  });

  it("applies a /discount/ code at checkout and places an order whose webhooks carry attributes, code and landing site", async () => {
    const { devstore, receiver, shopper, first, firstVariant } = await setUp();
    addDiscount(devstore, "MAYA10");
    // The visit starts on a creator's link; that URL (with its query) is the landing site.
    const landing = await shopper.request(`/products/${first.handle}?ref=maya`, { headers: { Referer: "https://instagram.com/maya" } });
    expect(landing.status).toBe(200);
    const discountLink = await shopper.request(`/discount/maya10?redirect=/products/${first.handle}`);
    expect(discountLink.status).toBe(302);
    expect(discountLink.headers.get("location")).toBe(`/products/${first.handle}`);
    await shopper.postJson("/cart/add.js", { id: firstVariant, quantity: 2 });
    await shopper.postJson("/cart/update.js", { attributes: { _affable_ref: "maya", _affable_click_id: "click-1" } });

    const checkout = await shopper.request("/checkout");
    const html = await checkout.text();
    expect(html).toContain('value="maya10"');
    expect(html).toContain('id="discount-applied"');

    const paid = await shopper.submit("/checkout", { email: "shopper@example.com", discount: "maya10", action: "pay" });
    expect(paid.status).toBe(303);
    const confirmation = await shopper.request(paid.headers.get("location") ?? "");
    expect(await confirmation.text()).toMatch(/Your order <strong id="order-name">#1001<\/strong> is confirmed/);

    await (devstore.context.webhooks as WebhookDeliverer).idle();
    const topics = receiver.received.map((hit) => hit.headers["x-shopify-topic"]);
    expect(topics).toEqual(["orders/create", "orders/paid"]);
    expect(receiver.received.every((hit) => hit.hmacValid)).toBe(true);
    const order = webhookOrderSchema.parse(JSON.parse(receiver.received[0]?.body ?? "{}"));
    expect(order.note_attributes).toEqual([
      { name: "_affable_ref", value: "maya" },
      { name: "_affable_click_id", value: "click-1" },
    ]);
    expect(order.discount_codes.map((code) => code.code)).toEqual(["maya10"]);
    expect(Number(order.discount_codes[0]?.amount)).toBeGreaterThan(0);
    expect(order.landing_site).toBe(`/products/${first.handle}?ref=maya`);
    expect(order.referring_site).toBe("https://instagram.com/maya");
    expect(order.email).toBe("shopper@example.com");
    // The cart is gone once paid for.
    expect((await readCart(await shopper.request("/cart.js"))).items).toEqual([]);
  });

  it("an order from the checkout carries the buyer's IP, browser, language, phone and shipping address, and the landing URL with its ad click id", async () => {
    const { devstore, receiver, firstVariant, first } = await setUp();
    // A browser as the devstore's server sees it: its socket address, its User-Agent and Accept-Language on every request.
    const browser = createShopper((request) => {
      const headers = new Headers(request.headers);
      headers.set("User-Agent", "Mozilla/5.0 (Macintosh) Safari/605.1.15");
      headers.set("Accept-Language", "fr-FR,fr;q=0.9");
      return devstore.app.fetch(new Request(request, { headers }), { incoming: { socket: { remoteAddress: "203.0.113.77" } } });
    });
    await browser.request(`/products/${first.handle}?ref=maya&gclid=EAIaIQ`, { headers: { Referer: "https://www.google.com/" } });
    await browser.postJson("/cart/add.js", { id: firstVariant, quantity: 1 });
    const paid = await browser.submit("/checkout", {
      email: "buyer@example.com", phone: "+33 6 12 34 56 78", address1: "4 rue de Rivoli", address2: "Bât. B", city: "Paris", zip: "75004", country_code: "fr", action: "pay",
    });
    expect(paid.status).toBe(303);
    await (devstore.context.webhooks as WebhookDeliverer).idle();
    const order = JSON.parse(receiver.received[0]?.body ?? "{}") as Record<string, unknown>;
    expect(order).toMatchObject({
      browser_ip: "203.0.113.77",
      client_details: { browser_ip: "203.0.113.77", user_agent: "Mozilla/5.0 (Macintosh) Safari/605.1.15", accept_language: "fr-FR,fr;q=0.9" },
      phone: "+33 6 12 34 56 78",
      shipping_address: { address1: "4 rue de Rivoli", address2: "Bât. B", city: "Paris", zip: "75004", country_code: "FR", phone: "+33 6 12 34 56 78" },
      landing_site: `/products/${first.handle}?ref=maya&gclid=EAIaIQ`,
      referring_site: "https://www.google.com/",
    });
  });

  it("shows why a code is refused before the order is placed, and places none", async () => {
    const { devstore, shopper, firstVariant } = await setUp();
    const past = new Date(devstore.clock.now().getTime() - 86_400_000).toISOString();
    addDiscount(devstore, "OLD", { startsAt: past, endsAt: new Date(devstore.clock.now().getTime() - 1000).toISOString() });
    addDiscount(devstore, "ONCE", { appliesOncePerCustomer: true });
    addDiscount(devstore, "FULL", { usageLimit: 1, asyncUsageCount: 1 });
    await shopper.postJson("/cart/add.js", { id: firstVariant });

    const expired = await shopper.submit("/checkout", { email: "a@example.com", discount: "old", action: "apply" });
    expect(await expired.text()).toMatch(/id="discount-error">Discount code &quot;old&quot; has expired/);
    const full = await shopper.submit("/checkout", { email: "a@example.com", discount: "FULL", action: "apply" });
    expect(await full.text()).toContain("has reached its usage limit (1 uses)");
    const once = await shopper.submit("/checkout", { email: "a@example.com", discount: "ONCE", action: "pay" });
    expect(once.status).toBe(422);
    expect(await once.text()).toContain("is once per customer: log in, or enter the email of your customer account, to use it.");
    const unknown = await shopper.submit("/checkout", { email: "a@example.com", discount: "NOPE", action: "pay" });
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("does not exist on this shop");
    expect(devstore.context.state.read().orders).toEqual([]);
  });

  it("checks once-per-customer for the logged-in customer, whose id the order carries", async () => {
    const { devstore, shopper, firstVariant } = await setUp();
    addDiscount(devstore, "ONCE", { appliesOncePerCustomer: true });
    const customer = devstore.context.state.read().customers[0];
    if (!customer) throw new Error("the seed has customers");
    const login = await shopper.submit("/account/login", { email: customer.email.toUpperCase(), return_to: "/checkout" });
    expect(login.status).toBe(303);
    expect(login.headers.get("location")).toBe("/checkout");

    await shopper.postJson("/cart/add.js", { id: firstVariant });
    const first = await shopper.submit("/checkout", { email: "", discount: "ONCE", action: "pay" });
    expect(first.status).toBe(303);
    expect(devstore.context.state.read().orders[0]?.customerId).toBe(customer.id);

    await shopper.postJson("/cart/add.js", { id: firstVariant });
    const second = await shopper.submit("/checkout", { email: "", discount: "ONCE", action: "apply" });
    expect(await second.text()).toContain(`customer ${customer.id} has used it already`);
  });

  it("serves customer sign-in with Shopify's return_url, so the creator portal's link comes back to the portal", async () => {
    const { devstore, shopper } = await setUp();
    const customer = devstore.context.state.read().customers[0];
    if (!customer) throw new Error("the seed has customers");
    // With the trailing slash the Shopify library adds to relative links in app proxy pages.
    const form = await (await shopper.request("/account/login/?return_url=%2Fapps%2Faffable%2Fportal")).text();
    expect(form).toContain('name="return_to" value="/apps/affable/portal"');
    const login = await shopper.submit("/account/login", { email: customer.email, return_to: "/apps/affable/portal" });
    expect(login.headers.get("location")).toBe("/apps/affable/portal");
    // Only paths on this store: an outside return_url falls back to the account page.
    expect(await (await shopper.request("/account/login?return_url=https%3A%2F%2Fevil.example%2F")).text()).toContain('name="return_to" value="/account"');
  });

  it("keeps /discount/ redirects on the shop", async () => {
    const { shopper } = await setUp();
    const away = await shopper.request("/discount/X?redirect=//evil.example.com/");
    expect(away.headers.get("location")).toBe("/");
  });
});

describe("the theme app extension's app embed", () => {
  it("renders body embeds with liquidjs (schema defaults, merchant settings, asset_url) only while enabled", async () => {
    const extensionsDir = writeFixtureExtension();
    const { devstore, shopper } = await setUp({ extensionsDir });
    const control = (body: unknown) =>
      devstore.app.request("http://localhost/__devstore/storefront/app-embed", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

    const off = await (await shopper.request("/")).text();
    expect(off).not.toContain("capture.js");

    expect((await control({ enabled: true })).status).toBe(200);
    const on = await (await shopper.request("/")).text();
    expect(on).toContain('<script src="/cdn/shop/extensions/fixture-embed/assets/capture.js" data-params="ref" data-days="31" defer></script>');
    expect(on).not.toContain("{% schema %}");
    expect(on).not.toContain("section block");
    // Placed at the end of <body>, after the theme's own markup.
    expect(on.indexOf("capture.js")).toBeGreaterThan(on.indexOf("</footer>"));
    expect(on.indexOf("capture.js")).toBeLessThan(on.indexOf("</body>"));

    await control({ enabled: true, settings: { ref_params: "ref,via", days: 7 } });
    expect(await (await shopper.request("/cart")).text()).toContain('data-params="ref,via" data-days="8"');

    const asset = await shopper.request("/cdn/shop/extensions/fixture-embed/assets/capture.js");
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(await asset.text()).toBe("console.log('fixture');\n");
    expect((await shopper.request("/cdn/shop/extensions/fixture-embed/assets/..%2Fblocks%2Fcapture.liquid")).status).toBe(404);

    expect((await control({ enabled: "yes" })).status).toBe(400);
    await control({ enabled: false });
    expect(await (await shopper.request("/")).text()).not.toContain("capture.js");
  });

  it("renders the repo's own extension when it is there", async () => {
    const { devstore, shopper } = await setUp({ extensionsDir: undefined });
    devstore.context.state.update((draft) => void (draft.storefront.appEmbed.enabled = true));
    const html = await (await shopper.request("/")).text();
    expect(html).not.toContain("app embed failed");
    // Whatever the extension's block loads, the storefront serves it from that extension's assets/ folder.
    const sources = [...html.matchAll(/<script\s+src="(\/cdn\/shop\/extensions\/([^/]+)\/assets\/([^"]+))"/g)];
    expect(sources.length).toBeGreaterThan(0);
    for (const [, url = "", extension = "", file = ""] of sources) {
      const asset = await shopper.request(url);
      expect(asset.status).toBe(200);
      expect(await asset.text()).toBe(readFileSync(path.join(PROJECT_ROOT, "extensions", extension, "assets", file), "utf8"));
    }
  });
});

describe("the storefront's hosts and pages", () => {
  it("serves the storefront on 127.0.0.1 and the shop's domain, the admin on localhost, and the APIs on all", async () => {
    const { devstore, first } = await setUp();
    const storefront = await devstore.app.request("http://127.0.0.1/");
    expect(await storefront.text()).toContain('"routes":{"root":"/"}');
    const french = await (await devstore.app.request("http://127.0.0.1/fr/")).text();
    expect(french).toContain('"routes":{"root":"/fr/"}');
    expect(french).toContain('href="/fr/cart"');
    expect(await (await devstore.app.request(`https://${devstore.context.shop}/products/${first.handle}`)).text()).toContain(first.title);
    expect(await (await devstore.app.request("http://localhost/")).text()).not.toContain("window.Shopify");
    expect((await devstore.app.request("http://127.0.0.1/__devstore/state")).status).toBe(200);
    expect((await devstore.app.request("http://127.0.0.1/products/no-such-thing")).status).toBe(404);
  });

  it("exposes Shopify.shop and the Customer Privacy stand-in with its consent banner", async () => {
    const { devstore, shopper } = await setUp();
    const html = await (await shopper.request("/")).text();
    expect(html).toContain(`"shop":"${devstore.context.shop}"`);
    expect(html).toContain('id="shopify-pc__banner"');
    const script = await (await shopper.request("/cdn/shopifycloud/storefront/features.js")).text();
    for (const name of ["loadFeatures", "analyticsProcessingAllowed", "marketingAllowed", "saleOfDataAllowed", "setTrackingConsent", "visitorConsentCollected"]) {
      expect(script).toContain(name);
    }
  });
});
