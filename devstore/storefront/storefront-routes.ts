/**
 * The shop's online store (its theme, cart, checkout, customer accounts and the app proxy), served by the devstore
 * on the admin server's port under the STOREFRONT hosts: `127.0.0.1` (what a browser on this machine opens, e.g.
 * http://127.0.0.1:4000/) and the shop's own `{shop}.myshopify.com` (what reaches the devstore through
 * devstore/shop-dispatcher.mjs). The admin stays on `localhost`. On a storefront host, Shopify's API and the
 * devstore's controls (/admin/*, /api/*, /__devstore/*, /assets/placeholders/*) still answer as on the admin origin.
 *
 *   GET  /  /collections/{handle|all}  /products/{handle}[.js]      the theme's pages (theme-pages.ts)
 *   GET  /cart, POST /cart, POST /cart/add, Ajax /cart.js …         cart-api.ts
 *   GET  /discount/{CODE}[?redirect=/path]                          puts the code in the cart, then redirects
 *   GET|POST /checkout, GET /checkout/orders/{id}?key=…             checkout (code checked before paying), thank-you
 *   GET|POST /account/login[?return_url=], GET /account, POST /account/logout  customer accounts (no passwords: pick by email)
 *   ANY  /{prefix}/{subpath}/*                                      the app proxy (forward-app-proxy.ts)
 *   GET  /cdn/shop/extensions/{extension}/assets/{file}             theme app extension assets
 *   GET  /cdn/shopifycloud/storefront/features.js                  Shopify.loadFeatures + Customer Privacy API
 *
 * Every path also works under a locale root (/fr/cart.js …): Shopify.routes.root is then "/fr/".
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { PROJECT_ROOT } from "../config.ts";
import type { DevstoreContext } from "../context.ts";
import { createOrder } from "../orders/create-order.ts";
import { OrderError } from "../orders/order-error.ts";
import { presentOrderPayload } from "../orders/present-order-payload.ts";
import type { AppProxyConfig } from "../webhooks/read-app-config.ts";
import { cartApiRoutes, loadCart, saveCart } from "./cart-api.ts";
import { createCartStore, type CartStore } from "./cart-store.ts";
import { forwardAppProxy, renderProxyLiquid, type LiquidGlobals } from "./forward-app-proxy.ts";
import { priceCartLines } from "./present-cart.ts";
import { previewCheckout, resolveBuyer } from "./preview-checkout.ts";
import { readAppMetafields } from "./app-metafields.ts";
import { EXTENSION_ASSET_BASE, assetContentType, findExtensionAsset, renderAppEmbeds } from "./render-app-embeds.ts";
import { CLIENT_ADDRESS_HEADER, LOCALE_HEADER, splitLocalePrefix, type StorefrontEnv } from "./storefront-env.ts";
import {
  customerCookieKey,
  endCustomerSession,
  readCustomerId,
  readLanding,
  rememberLanding,
  startCustomerSession,
} from "./storefront-session.ts";
import { FEATURES_SCRIPT_PATH, renderThemeLayout } from "./theme-layout.ts";
import {
  renderAccountPage,
  renderCartPage,
  renderCheckoutPage,
  renderCollectionPage,
  renderHomePage,
  renderLoginPage,
  renderMissingPage,
  renderOrderConfirmationPage,
  renderProductPage,
} from "./theme-pages.ts";

export const STOREFRONT_HOST = "127.0.0.1";
const FEATURES_FILE = new URL("./shopify-features.js", import.meta.url);
/** Paths that belong to Shopify's APIs and the devstore's tools on every host. */
const ADMIN_PATHS = /^\/(?:__devstore\/|admin(?:\/|$)|api\/|assets\/placeholders\/)/;

export interface StorefrontOptions {
  /** Where theme app extensions live; the repo's extensions/ by default. */
  extensionsDir?: string;
  /** shopify.app.toml's [app_proxy]; null (or omitted) and /apps/* answers 404. */
  appProxy?: AppProxyConfig | null;
  /** How the proxy reaches the app; global fetch by default (tests pass a stand-in app). */
  fetch?: typeof fetch;
  logError?: (message: string, error: unknown) => void;
}

export interface Storefront {
  app: Hono<StorefrontEnv>;
  carts: CartStore;
  /** True when the request is for the online store rather than the admin or Shopify's APIs. */
  handles(url: URL): boolean;
  /** Answers a storefront request (taking any locale prefix off the path first); `clientAddress` is the shopper's IP. */
  fetch(request: Request, clientAddress?: string | null): Promise<Response>;
}

const loginFormSchema = z.object({ email: z.string().trim().min(1).max(320), return_to: z.string().max(2000).optional() });
const checkoutFormSchema = z.object({
  email: z.string().trim().max(320).default(""),
  discount: z.string().trim().max(255).default(""),
  gift_card: z.string().trim().max(64).default(""),
  use_store_credit: z.literal("1").optional(),
  action: z.enum(["apply", "pay"]).default("pay"),
  // Optional contact and shipping details (Shopify's checkout asks for them; the order's risk signals carry them).
  phone: z.string().trim().max(40).default(""),
  address1: z.string().trim().max(200).default(""),
  address2: z.string().trim().max(200).default(""),
  city: z.string().trim().max(120).default(""),
  province: z.string().trim().max(120).default(""),
  zip: z.string().trim().max(20).default(""),
  country_code: z.string().trim().max(2).default(""),
});

export function createStorefront(ctx: DevstoreContext, options: StorefrontOptions = {}): Storefront {
  const extensionsDir = options.extensionsDir ?? path.join(PROJECT_ROOT, "extensions");
  const logError = options.logError ?? ((message: string, error: unknown) => console.error(message, error));
  const carts = createCartStore();
  const cookieKey = customerCookieKey(ctx.app.apiSecret);
  const app = new Hono<StorefrontEnv>();

  app.use("*", async (c, next) => {
    const locale = c.req.header(LOCALE_HEADER) ?? "en";
    c.set("locale", locale);
    c.set("routesRoot", locale === "en" ? "/" : `/${locale}/`);
    await next();
  });

  /** The page inside the theme layout, with the app embed when the merchant switched it on. */
  async function page(c: Context<StorefrontEnv>, title: string, content: string, status: 200 | 404 | 422 | 502 = 200): Promise<Response> {
    if (c.req.method === "GET") rememberLanding(c);
    const state = ctx.state.read();
    const customer = await currentCustomer(c);
    const cart = loadCart(c, carts);
    const html = renderThemeLayout({
      title,
      content,
      shopName: state.shop.name,
      shop: ctx.shop,
      currency: state.shop.currencyCode,
      locale: c.get("locale"),
      routesRoot: c.get("routesRoot"),
      customerName: customer ? `${customer.firstName} ${customer.lastName}` : null,
      cartCount: cart.lines.reduce((count, line) => count + line.quantity, 0),
      appEmbeds: await renderEnabledAppEmbeds(),
    });
    return c.html(html, status);
  }

  async function renderEnabledAppEmbeds(): Promise<string> {
    const embed = ctx.state.read().storefront.appEmbed;
    if (!embed.enabled) return "";
    try {
      return await renderAppEmbeds(extensionsDir, embed.settings, readAppMetafields(ctx.state.read()));
    } catch (error) {
      // A broken extension must be loud for its developer, but never take the shop down.
      logError("[devstore] The app embed could not be rendered:", error);
      return `<!-- app embed failed to render: ${String(error instanceof Error ? error.message : error).replace(/--/g, "- -")} -->`;
    }
  }

  async function currentCustomer(c: Context) {
    const id = await readCustomerId(c, cookieKey);
    return id === null ? null : (ctx.state.read().customers.find((customer) => customer.id === id) ?? null);
  }

  function orderKey(orderId: number): string {
    return createHmac("sha256", cookieKey).update(`order ${orderId}`).digest("hex").slice(0, 32);
  }

  app.get(FEATURES_SCRIPT_PATH, async (c) =>
    c.body(await readFile(FEATURES_FILE, "utf8"), 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" }),
  );

  app.get(`${EXTENSION_ASSET_BASE}/:extension/assets/:file`, async (c) => {
    const file = findExtensionAsset(extensionsDir, c.req.param("extension"), c.req.param("file"));
    if (!file) return c.text(`No asset ${c.req.param("file")} in extensions/${c.req.param("extension")}/assets.`, 404);
    return c.body(await readFile(file), 200, { "Content-Type": assetContentType(file), "Cache-Control": "no-cache", "Access-Control-Allow-Origin": "*" });
  });

  app.route("/", cartApiRoutes(ctx, { carts }));

  app.get("/", (c) => page(c, "Home", renderHomePage(ctx.state.read(), c.get("routesRoot"))));

  app.get("/collections/:handle", (c) => {
    const state = ctx.state.read();
    const handle = c.req.param("handle");
    const active = state.products.filter((product) => product.status === "ACTIVE");
    if (handle === "all") return page(c, "All products", renderCollectionPage({ title: "All products", descriptionHtml: "" }, active, c.get("routesRoot"), state.shop.currencyCode));
    const collection = state.collections.find((candidate) => candidate.handle === handle);
    if (!collection) return page(c, "Not found", renderMissingPage(`There is no collection "${handle}".`, c.get("routesRoot")), 404);
    const products = collection.productIds.flatMap((id) => active.filter((product) => product.id === id));
    return page(c, collection.title, renderCollectionPage(collection, products, c.get("routesRoot"), state.shop.currencyCode));
  });

  app.get("/products/:handle", (c) => {
    const state = ctx.state.read();
    const raw = c.req.param("handle");
    const handle = raw.replace(/\.js$/, "");
    const product = state.products.find((candidate) => candidate.handle === handle && candidate.status === "ACTIVE");
    if (raw.endsWith(".js")) {
      if (!product) return c.json({ status: 404, message: "Not Found", description: `No product "${handle}".` }, 404);
      return c.json({ id: product.id, title: product.title, handle: product.handle, variants: product.variants.map((variant) => ({ id: variant.id, title: variant.title, price: variant.price })) });
    }
    if (!product) return page(c, "Not found", renderMissingPage(`There is no product "${handle}".`, c.get("routesRoot")), 404);
    return page(c, product.title, renderProductPage(product, c.get("routesRoot"), state.shop.currencyCode, Number(c.req.query("variant")) || null));
  });

  app.get("/cart", (c) => {
    const state = ctx.state.read();
    const cart = loadCart(c, carts);
    return page(c, "Your cart", renderCartPage(priceCartLines(state, cart), c.get("routesRoot"), state.shop.currencyCode, cart.discountCode));
  });

  /** Shopify's shareable discount links: the code rides in the cart to checkout; ?redirect= must stay on the shop. */
  app.get("/discount/:code", (c) => {
    const cart = loadCart(c, carts);
    cart.discountCode = decodeURIComponent(c.req.param("code")).trim().slice(0, 255) || null;
    saveCart(c, carts, cart);
    rememberLanding(c);
    const redirect = c.req.query("redirect");
    const target = redirect && redirect.startsWith("/") && !redirect.startsWith("//") ? redirect : c.get("routesRoot");
    return c.redirect(target, 302);
  });

  type CheckoutFields = { email: string; code: string; giftCard?: string; useStoreCredit?: boolean };
  async function checkoutPage(c: Context<StorefrontEnv>, form: CheckoutFields, error: string | null, status: 200 | 422 = 200) {
    const state = ctx.state.read();
    const cart = loadCart(c, carts);
    const customer = await currentCustomer(c);
    const email = form.email || customer?.email || "";
    const buyer = resolveBuyer(state, customer?.id ?? null, email);
    const paying = { giftCardCode: form.giftCard || null, useStoreCredit: form.useStoreCredit === true, signedInCustomerId: customer?.id ?? null };
    const preview = previewCheckout(state, cart, form.code || null, buyer, ctx.now(), paying);
    const html = renderCheckoutPage({
      preview, currency: state.shop.currencyCode, email, code: form.code, giftCard: form.giftCard ?? "", useStoreCredit: paying.useStoreCredit, customer, error, root: c.get("routesRoot"),
    });
    return page(c, "Checkout", html, status);
  }

  app.get("/checkout", async (c) => {
    const cart = loadCart(c, carts);
    if (cart.lines.length === 0) return c.redirect(`${c.get("routesRoot")}cart`, 303);
    return checkoutPage(c, { email: "", code: cart.discountCode ?? "" }, null);
  });

  app.post("/checkout", async (c) => {
    const form = checkoutFormSchema.safeParse(await c.req.parseBody());
    if (!form.success) return c.text(`Bad checkout form: ${z.prettifyError(form.error)}. Go back and fill it in again.`, 400);
    const cart = loadCart(c, carts);
    if (cart.lines.length === 0) return c.redirect(`${c.get("routesRoot")}cart`, 303);
    cart.discountCode = form.data.discount || null;
    saveCart(c, carts, cart);
    const fields = { email: form.data.email, code: form.data.discount, giftCard: form.data.gift_card, useStoreCredit: form.data.use_store_credit === "1" };
    if (form.data.action === "apply") return checkoutPage(c, fields, null);

    const state = ctx.state.read();
    const customer = await currentCustomer(c);
    const email = form.data.email || customer?.email || "";
    if (!email) return checkoutPage(c, fields, "Enter an email address for the order confirmation.", 422);
    const buyer = resolveBuyer(state, customer?.id ?? null, email);
    const paying = { giftCardCode: fields.giftCard || null, useStoreCredit: fields.useStoreCredit, signedInCustomerId: customer?.id ?? null };
    const preview = previewCheckout(state, cart, form.data.discount || null, buyer, ctx.now(), paying);
    if (preview.discountError) return checkoutPage(c, fields, `${preview.discountError} Remove the code or use another one.`, 422);
    if (preview.paymentError) return checkoutPage(c, fields, preview.paymentError, 422);
    const { landingSite, referringSite } = readLanding(c);
    let order;
    try {
      order = createOrder(ctx, {
        lineItems: preview.lines.map((line) => ({ variantId: line.variant.id, quantity: line.line.quantity })),
        discountCode: form.data.discount || undefined,
        giftCardCode: fields.giftCard || undefined,
        useStoreCredit: fields.useStoreCredit,
        customerId: buyer ?? undefined,
        email,
        noteAttributes: Object.entries(cart.attributes).map(([name, value]) => ({ name, value })),
        landingSite,
        referringSite,
        // What Shopify's checkout records of the buyer: the client's address as the storefront saw it, the browser.
        browserIp: c.req.header(CLIENT_ADDRESS_HEADER) ?? null,
        userAgent: c.req.header("user-agent") ?? null,
        acceptLanguage: c.req.header("accept-language") ?? null,
        phone: form.data.phone || null,
        shippingAddress: form.data.address1 && form.data.city
          ? {
              address1: form.data.address1,
              address2: form.data.address2 || null,
              city: form.data.city,
              province: form.data.province || null,
              zip: form.data.zip || null,
              countryCode: form.data.country_code ? form.data.country_code.toUpperCase() : null,
            }
          : null,
      });
    } catch (error) {
      if (!(error instanceof OrderError)) throw error;
      return checkoutPage(c, fields, error.message, 422);
    }
    carts.remove(cart.token);
    return c.redirect(`/checkout/orders/${order.id}?key=${orderKey(order.id)}`, 303);
  });

  app.get("/checkout/orders/:id", (c) => {
    const id = Number(c.req.param("id"));
    const key = c.req.query("key") ?? "";
    const expected = Number.isSafeInteger(id) ? orderKey(id) : "";
    const order = ctx.state.read().orders.find((candidate) => candidate.id === id);
    if (!order || key.length !== expected.length || !timingSafeEqual(Buffer.from(key), Buffer.from(expected))) {
      return page(c, "Not found", renderMissingPage("This order confirmation link is not valid.", c.get("routesRoot")), 404);
    }
    // The total the order's webhooks carried.
    const total = presentOrderPayload(ctx.state.read(), order.id).total_price;
    return page(
      c,
      "Order confirmed",
      renderOrderConfirmationPage({ name: `#${order.number}`, email: order.email, total, currency: order.currency, discountCode: order.discount?.code ?? null }, c.get("routesRoot")),
    );
  });

  // Shopify's classic customer accounts take return_url (the creator portal links with it); return_to is kept too.
  // The trailing-slash form is what a link in an app proxy page becomes (the Shopify library adds the slash to every
  // relative link of a Liquid answer); Shopify's storefront serves both.
  const loginPage = (c: Context<StorefrontEnv>) =>
    page(c, "Log in", renderLoginPage(ctx.state.read().customers, safeReturnPath(c.req.query("return_url") ?? c.req.query("return_to")), null));
  app.get("/account/login", loginPage);
  app.get("/account/login/", loginPage);

  app.post("/account/login", async (c) => {
    const form = loginFormSchema.safeParse(await c.req.parseBody());
    const customers = ctx.state.read().customers;
    if (!form.success) return page(c, "Log in", renderLoginPage(customers, "/account", "Enter the email of a customer account."), 422);
    const customer = customers.find((candidate) => candidate.email.toLowerCase() === form.data.email.toLowerCase());
    const returnTo = safeReturnPath(form.data.return_to);
    if (!customer) return page(c, "Log in", renderLoginPage(customers, returnTo, `No customer account uses ${form.data.email}: pick one from the list.`), 422);
    await startCustomerSession(c, cookieKey, customer.id);
    return c.redirect(returnTo, 303);
  });

  app.get("/account", async (c) => {
    const customer = await currentCustomer(c);
    if (!customer) return c.redirect("/account/login?return_to=/account", 303);
    const orders = ctx.state.read().orders.filter((order) => order.customerId === customer.id).map((order) => ({ name: `#${order.number}`, createdAt: order.createdAt }));
    return page(c, "Account", renderAccountPage(customer, orders));
  });

  app.post("/account/logout", (c) => {
    endCustomerSession(c);
    return c.redirect(c.get("routesRoot"), 303);
  });

  app.all("/:prefix/:subpath/*", (c) => proxy(c));
  app.all("/:prefix/:subpath", (c) => proxy(c));

  async function proxy(c: Context<StorefrontEnv>): Promise<Response> {
    const config = options.appProxy ?? null;
    const { prefix, subpath } = c.req.param() as { prefix: string; subpath: string };
    if (!config || prefix !== config.prefix || subpath !== config.subpath) {
      return page(c, "Not found", renderMissingPage("This page does not exist.", c.get("routesRoot")), 404);
    }
    const url = new URL(c.req.url);
    const rest = url.pathname.slice(`/${prefix}/${subpath}`.length);
    const customer = await currentCustomer(c);
    let answer;
    try {
      answer = await forwardAppProxy({
        request: c.req.raw,
        rest,
        proxy: config,
        appUrl: ctx.appUrl,
        shop: ctx.shop,
        apiSecret: ctx.app.apiSecret,
        customerId: customer?.id ?? null,
        clientAddress: c.req.header(CLIENT_ADDRESS_HEADER) ?? null,
        now: ctx.now(),
        fetch: options.fetch,
      });
    } catch (error) {
      logError(`[devstore] App proxy ${c.req.method} ${url.pathname} → ${config.url} failed:`, error);
      return page(c, "App unavailable", renderMissingPage("The app behind this page did not answer. Is it running? (npm run dev)", c.get("routesRoot")), 502);
    }
    if (answer.kind === "response") return answer.response;
    const state = ctx.state.read();
    const globals: LiquidGlobals = {
      shop: {
        name: state.shop.name,
        domain: state.shop.primaryDomain.host,
        permanent_domain: ctx.shop,
        url: new URL(c.req.url).origin,
        currency: state.shop.currencyCode,
        email: state.shop.email,
      },
      customer: customer
        ? { id: customer.id, email: customer.email, first_name: customer.firstName, last_name: customer.lastName, name: `${customer.firstName} ${customer.lastName}` }
        : null,
      request: { path: url.pathname, locale: { iso_code: c.get("locale") } },
    };
    let content: { html: string; layout: boolean };
    try {
      content = await renderProxyLiquid(answer.source, globals);
    } catch (error) {
      logError(`[devstore] The app's Liquid for ${url.pathname} does not render:`, error);
      return page(c, "Liquid error", renderMissingPage(`Liquid error in the app's response: ${error instanceof Error ? error.message : String(error)}`, c.get("routesRoot")), 502);
    }
    const response = content.layout
      ? await page(c, state.shop.name, content.html, answer.status === 404 ? 404 : answer.status === 422 ? 422 : 200)
      : c.html(content.html, answer.status === 404 ? 404 : answer.status === 422 ? 422 : 200);
    answer.headers.forEach((value, name) => {
      if (name.toLowerCase() !== "content-type") response.headers.set(name, value);
    });
    return response;
  }

  app.notFound((c) => page(c as Context<StorefrontEnv>, "Not found", renderMissingPage("This page does not exist.", "/"), 404));

  return {
    app,
    carts,
    handles: (url) => (url.hostname === STOREFRONT_HOST || url.hostname === ctx.shop) && !ADMIN_PATHS.test(url.pathname),
    async fetch(request, clientAddress = null) {
      const url = new URL(request.url);
      const { locale, path: pathname } = splitLocalePrefix(url.pathname);
      url.pathname = pathname;
      const headers = new Headers(request.headers);
      headers.set(LOCALE_HEADER, locale);
      headers.delete(CLIENT_ADDRESS_HEADER);
      if (clientAddress) headers.set(CLIENT_ADDRESS_HEADER, clientAddress);
      return app.fetch(new Request(url, { method: request.method, headers, body: request.body, duplex: "half", redirect: "manual" } as RequestInit));
    },
  };
}

function safeReturnPath(value: string | undefined | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : "/account";
}
