/**
 * The storefront side through the real proxy route modules, the real shopifyApp() (Shopify's signature checked by
 * the library) and a real PostgreSQL: click beacons, the creator portal, email sign-in and the application form.
 * Requests are signed by tests/support/proxy-requests.ts, independently of the library.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { computeProxySignature, signedProxyForm, signedProxyRequest, type ProxyRequestOptions } from "../../../tests/support/proxy-requests";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import type { Database } from "../../db.server";
import { deriveKey } from "../../security/derive-key.server";
import type { OutgoingEmail } from "../../email/mailer.server";
import { redeemPortalSignInLink, requestPortalSignInLink, resolvePortalIdentity } from "./creator-portal-auth.server";
import { hashPortalSecret, PORTAL_SESSION_ABSOLUTE_DAYS, PORTAL_SESSION_IDLE_DAYS, startPortalSession } from "./creator-portal-sessions.server";
import { hashSignal } from "../../security/hash-signal.server";

const postgresUrl = inject("postgresUrl");
const SECRET = "proxy-test-secret";
const SHOP_A = "proxy-a.myshopify.com";
const SHOP_B = "proxy-b.myshopify.com";
const BROWSER_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

type Handler = (args: LoaderFunctionArgs) => Promise<Response> | Response;
let db: Database;
let routes: Record<"click" | "overview" | "overviewPost" | "orders" | "ordersPost" | "payouts" | "links" | "assets" | "signIn" | "signInPost" | "signOut" | "apply" | "applyPost", Handler>;
const ids: Record<string, string> = {};

/** A route's answer, whether it returned or threw it (the library throws its 400 for a bad signature). */
async function call(handler: Handler, request: Request): Promise<Response> {
  try {
    return await handler({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const get = (handler: Handler, options: Omit<ProxyRequestOptions, "secret" | "shop"> & { shop?: string; secret?: string }) =>
  call(handler, signedProxyRequest({ secret: SECRET, shop: SHOP_A, ...options }));

const sessionDeps = (now = new Date()) => ({ db, secret: SECRET, now });
/** A portal page as the portal's script asks for it: POST with the session from the browser's storage in the body. */
const postPage = (handler: Handler, path: string, session: string, shop = SHOP_A) =>
  call(handler, signedProxyForm({ secret: SECRET, shop, path, form: { portal_session: session } }));

function beacon(fields: Record<string, string>, options: { ip: string; userAgent?: string; shop?: string; acceptLanguage?: string | null }) {
  return call(
    routes.click,
    signedProxyRequest({
      secret: SECRET,
      shop: options.shop ?? SHOP_A,
      path: "/proxy/click",
      method: "POST",
      body: JSON.stringify({ ref: "r_alpha", clickId: "click-0001", path: "/products/linen-shirt?utm_source=ig", referrer: "https://www.instagram.com/p/1", ...fields }),
      headers: {
        "Content-Type": "text/plain;charset=UTF-8",
        "X-Forwarded-For": `${options.ip}, 10.0.0.1`,
        "User-Agent": options.userAgent ?? BROWSER_UA,
        ...(options.acceptLanguage === null ? {} : { "Accept-Language": options.acceptLanguage ?? "en-GB,en;q=0.9" }),
      },
    }),
  );
}

async function seedCreator(shop: string, key: string, fields: { refToken: string; email: string; status?: "approved" | "paused" | "applied"; customerId?: string }) {
  const creator = await db.creator.create({
    data: {
      shop,
      handle: key,
      name: `Creator ${key}`,
      email: fields.email,
      status: fields.status ?? "approved",
      refToken: fields.refToken,
      shopifyCustomerId: fields.customerId ?? null,
    },
  });
  ids[key] = creator.id;
  return creator.id;
}

async function seedOrder(shop: string, creatorId: string, name: string, netMinor: bigint, status: "pending" | "approved" | "paid", signal: "link" | "code" = "link") {
  const orderId = `gid://shopify/Order/${name.replace(/\D/g, "")}${shop.length}`;
  const at = new Date(Date.now() - 2 * 86_400_000);
  await db.attributedOrder.create({
    data: {
      shop,
      shopifyOrderId: orderId,
      shopifyOrderLegacyId: orderId.split("/").pop() ?? "",
      name,
      orderCreatedAt: at,
      currency: "USD",
      presentmentCurrency: "USD",
      baseMinor: 10_000n,
      presentmentBaseMinor: 10_000n,
      customerId: "gid://shopify/Customer/777000",
      customerEmailHash: "shopper-email-hash-0123456789",
      test: false,
      attribution: { creatorId, signal },
      creatorId,
      status: "attributed",
      sourceWebhookEventId: `event-${name}`,
      recordedAt: at,
    },
  });
  await db.commission.create({
    data: {
      shop,
      shopifyOrderId: orderId,
      creatorId,
      status,
      currency: "USD",
      netMinor,
      paidMinor: status === "paid" ? netMinor : 0n,
      ruleVersionId: "program-settings:v1",
      derivation: {},
      ledgerState: {},
      orderCreatedAt: at,
      createdAt: at,
    },
  });
}

describe.skipIf(postgresUrl === null)("storefront through the app proxy (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "storefront_proxy");
    db = created.db;
    useTestAppEnvironment(created.url, SECRET);
    const signIn = await import("../../routes/proxy.portal.sign-in");
    const apply = await import("../../routes/proxy.apply");
    routes = {
      click: (await import("../../routes/proxy.click")).action,
      overview: (await import("../../routes/proxy.portal._index")).loader,
      overviewPost: (await import("../../routes/proxy.portal._index")).action,
      orders: (await import("../../routes/proxy.portal.orders")).loader,
      ordersPost: (await import("../../routes/proxy.portal.orders")).action,
      signOut: (await import("../../routes/proxy.portal.sign-out")).action,
      payouts: (await import("../../routes/proxy.portal.payouts")).loader,
      links: (await import("../../routes/proxy.portal.links")).loader,
      assets: (await import("../../routes/proxy.portal.assets")).loader,
      signIn: signIn.loader,
      signInPost: signIn.action,
      apply: apply.loader,
      applyPost: apply.action,
    };
    for (const shop of [SHOP_A, SHOP_B]) {
      await db.shop.create({ data: { shop, name: shop === SHOP_A ? "Alpha Goods" : "Bravo Goods", currencyCode: "USD", ianaTimezone: "America/New_York" } });
    }
    const alpha = await seedCreator(SHOP_A, "alpha", { refToken: "r_alpha", email: "alpha@example.com", customerId: "gid://shopify/Customer/1001" });
    const bravo = await seedCreator(SHOP_A, "bravo", { refToken: "r_bravo", email: "bravo@example.com" });
    await seedCreator(SHOP_A, "paused", { refToken: "r_paused", email: "paused@example.com", status: "paused" });
    await seedCreator(SHOP_A, "applicant", { refToken: "r_applicant", email: "applicant@example.com", status: "applied" });
    // Shop B: the same ref token and customer id as Alpha in shop A, to prove nothing crosses shops.
    const other = await seedCreator(SHOP_B, "otheralpha", { refToken: "r_alpha", email: "alpha@example.com", customerId: "gid://shopify/Customer/1001" });
    await seedOrder(SHOP_A, alpha, "#1001", 1_500n, "pending");
    await seedOrder(SHOP_A, alpha, "#1002", 700n, "paid");
    await seedOrder(SHOP_A, bravo, "#2001", 9_900n, "approved");
    await seedOrder(SHOP_B, other, "#3001", 4_400n, "pending");
    await db.payout.create({
      data: { shop: SHOP_A, creatorId: alpha, currency: "USD", amountMinor: 700n, commissionCount: 1, method: "paypal", reference: "PP-ALPHA-1", createdBy: "staff:1", requestKey: "alpha-1", createdAt: new Date() },
    });
    await db.payout.create({
      data: { shop: SHOP_A, creatorId: bravo, currency: "USD", amountMinor: 9_900n, commissionCount: 1, method: "paypal", reference: "PP-BRAVO-1", createdBy: "staff:1", requestKey: "bravo-1", createdAt: new Date() },
    });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await (await import("../../db.server")).default.$disconnect();
  });

  describe("Shopify's signature", () => {
    it.each([
      { label: "signed with another secret", options: { secret: "not-the-app-secret" } },
      { label: "stale (5 minutes old)", options: { timestamp: Math.floor(Date.now() / 1000) - 300 } },
      { label: "a forged signature", options: { signature: "0".repeat(64) } },
    ])("refuses a request $label with 400", async ({ options }) => {
      const response = await get(routes.overview, { path: "/proxy/portal", loggedInCustomerId: "1001", ...options });
      expect(response.status).toBe(400);
    });

    it("refuses a request whose customer id was changed after signing", async () => {
      const request = signedProxyRequest({ secret: SECRET, shop: SHOP_A, path: "/proxy/portal", loggedInCustomerId: "2002" });
      const tampered = new URL(request.url);
      tampered.searchParams.set("logged_in_customer_id", "1001");
      expect((await call(routes.overview, new Request(tampered))).status).toBe(400);
    });

    it.each([
      { label: "the portal", handler: () => routes.overview, path: "/proxy/portal" },
      { label: "the click beacon", handler: () => routes.click, path: "/proxy/click" },
      { label: "the application form", handler: () => routes.apply, path: "/proxy/apply" },
    ])("refuses $label with 400 when a signed parameter is repeated (the signature covers both values, the app would read only one)", async ({ handler, path }) => {
      // Shopify's signature joins a repeated key's values with ",": "1001" then "2002" signs as "1001,2002", which
      // Shopify itself never sends; searchParams.get() would read only the first.
      const params = new URLSearchParams({ shop: SHOP_A, path_prefix: "/apps/affable", timestamp: String(Math.floor(Date.now() / 1000)) });
      params.append("logged_in_customer_id", "1001");
      params.append("logged_in_customer_id", "2002");
      params.set("signature", computeProxySignature(params, SECRET));
      const request = new Request(`https://affable.test${path}?${params.toString()}`, { method: path === "/proxy/click" ? "POST" : "GET", ...(path === "/proxy/click" ? { body: "{}" } : {}) });
      const response = await call(handler(), request);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("logged_in_customer_id");
    });

    it("records no click for a badly signed beacon", async () => {
      const response = await call(
        routes.click,
        signedProxyRequest({ secret: "wrong", shop: SHOP_A, path: "/proxy/click", method: "POST", body: JSON.stringify({ ref: "r_alpha", clickId: "forged-click-1" }) }),
      );
      expect(response.status).toBe(400);
      expect(await db.click.count({ where: { clickId: "forged-click-1" } })).toBe(0);
    });
  });

  describe("click beacon", () => {
    it("records a click once per click id, with hashed IP and user agent and no query string", async () => {
      expect((await beacon({ clickId: "click-once-1" }, { ip: "203.0.113.9" })).status).toBe(204);
      expect((await beacon({ clickId: "click-once-1" }, { ip: "203.0.113.9" })).status).toBe(204);
      const clicks = await db.click.findMany({ where: { shop: SHOP_A, clickId: "click-once-1" } });
      expect(clicks).toHaveLength(1);
      const [click] = clicks;
      expect(click).toMatchObject({ creatorId: ids.alpha, landingPath: "/products/linen-shirt", referrerHost: "www.instagram.com" });
      expect(click?.ipHash).toMatch(/^[0-9a-f]{64}$/);
      // Keyed with the key derived for "ip-hash", not with the app secret itself.
      expect(click?.ipHash).toBe(createHmac("sha256", deriveKey("ip-hash", SECRET)).update("ip:203.0.113.9").digest("hex"));
      expect(click?.ipHash).not.toBe(createHmac("sha256", SECRET).update("ip:203.0.113.9").digest("hex"));
      expect(click?.userAgentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(click)).not.toContain("203.0.113.9");
      expect(JSON.stringify(click)).not.toContain("iPhone");
    });

    it("records a click from a data-centre address or a headless browser, marked as such; a shopper's phone is neither", async () => {
      await beacon({ clickId: "click-home-1" }, { ip: "203.0.113.31" });
      await beacon({ clickId: "click-cloud-1" }, { ip: "3.91.12.7" }); // an AWS (us-east-1) address
      await beacon({ clickId: "click-headless-1" }, { ip: "203.0.113.32", userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0.0.0 Safari/537.36" });
      await beacon({ clickId: "click-nolang-1" }, { ip: "203.0.113.33", acceptLanguage: null });
      const marks = Object.fromEntries(
        (await db.click.findMany({ where: { shop: SHOP_A, clickId: { in: ["click-home-1", "click-cloud-1", "click-headless-1", "click-nolang-1"] } } }))
          .map((click) => [click.clickId, { fromDataCentre: click.fromDataCentre, automated: click.automated }]),
      );
      expect(marks).toEqual({
        "click-home-1": { fromDataCentre: false, automated: false },
        "click-cloud-1": { fromDataCentre: true, automated: false },
        "click-headless-1": { fromDataCentre: false, automated: true },
        "click-nolang-1": { fromDataCentre: false, automated: true },
      });
    });

    it("keeps shops apart: the same ref token counts for the creator of the shop the beacon came from", async () => {
      await beacon({ clickId: "click-shop-b" }, { ip: "203.0.113.10", shop: SHOP_B });
      expect(await db.click.findFirst({ where: { clickId: "click-shop-b" } })).toMatchObject({ shop: SHOP_B, creatorId: ids.otheralpha });
    });

    it.each<{ label: string; fields: Record<string, string>; userAgent?: string; raw?: string }>([
      { label: "a bot", fields: { clickId: "click-bot-1" }, userAgent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" },
      { label: "a malformed ref", fields: { clickId: "click-bad-1", ref: "r alpha<script>" } },
      { label: "an unknown ref", fields: { clickId: "click-unknown-1", ref: "r_nobody" } },
      { label: "a paused creator's ref", fields: { clickId: "click-paused-1", ref: "r_paused" } },
      { label: "an applicant's ref", fields: { clickId: "click-applied-1", ref: "r_applicant" } },
      { label: "a body that is not JSON", fields: { clickId: "click-json-1" }, raw: "ref=r_alpha" },
    ])("answers 204 and records nothing for $label", async ({ fields, userAgent, raw }) => {
      const response = raw
        ? await call(routes.click, signedProxyRequest({ secret: SECRET, shop: SHOP_A, path: "/proxy/click", method: "POST", body: raw, headers: { "X-Forwarded-For": "203.0.113.20" } }))
        : await beacon(fields, { ip: "203.0.113.20", ...(userAgent ? { userAgent } : {}) });
      expect(response.status).toBe(204);
      expect(await db.click.count({ where: { clickId: fields.clickId } })).toBe(0);
    });

    it("rate limits a flood from one IP without an error, while other visitors still count", async () => {
      const statuses: number[] = [];
      for (let index = 0; index < 30; index++) statuses.push((await beacon({ clickId: `flood-${index}-abc` }, { ip: "198.51.100.7" })).status);
      expect(new Set(statuses)).toEqual(new Set([204]));
      expect(await db.click.count({ where: { shop: SHOP_A, clickId: { startsWith: "flood-" } } })).toBe(20);
      await beacon({ clickId: "after-flood-other-ip" }, { ip: "198.51.100.8" });
      expect(await db.click.count({ where: { clickId: "after-flood-other-ip" } })).toBe(1);
    });
  });

  describe("creator portal", () => {
    it("shows the sign-in page, as Liquid for the theme, to a visitor who is not signed in", async () => {
      const response = await get(routes.overview, { path: "/proxy/portal" });
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe("application/liquid");
      expect(response.headers.get("Cache-Control")).toBe("private, no-store");
      const html = await response.text();
      expect(html).toContain('action="/apps/affable/portal/sign-in/"');
      expect(html).toContain("/account/login");
    });

    it("signs a store customer in by logged_in_customer_id and shows only their own numbers", async () => {
      const html = await (await get(routes.overview, { path: "/proxy/portal", loggedInCustomerId: "1001" })).text();
      expect(html).toContain("Signed in as Creator alpha");
      expect(html).toContain("$15.00"); // pending: #1001
      expect(html).toContain("$7.00"); // paid: #1002
      expect(html).not.toContain("$99.00"); // Bravo's approved commission
      expect(html).toContain("<svg");
      const orders = await (await get(routes.orders, { path: "/proxy/portal/orders", loggedInCustomerId: "1001" })).text();
      expect(orders).toContain("#1001");
      expect(orders).toContain("#1002");
      expect(orders).not.toContain("#2001");
      expect(orders).not.toContain("#3001");
      expect(orders).not.toContain("777000"); // the shopper's customer id
      expect(orders).not.toContain("shopper-email-hash");
      const payouts = await (await get(routes.payouts, { path: "/proxy/portal/payouts", loggedInCustomerId: "1001" })).text();
      expect(payouts).toContain("PP-ALPHA-1");
      expect(payouts).not.toContain("PP-BRAVO-1");
    });

    it("computes the conversion rate from link orders and link clicks, and shows code orders apart", async () => {
      // Bravo: one link order (#2001, $99.00 commission), one code order, two clicks.
      await seedOrder(SHOP_A, ids.bravo ?? "", "#2002", 5_000n, "pending", "code");
      for (const clickId of ["bravo-click-1", "bravo-click-2"]) {
        await db.click.create({ data: { shop: SHOP_A, creatorId: ids.bravo ?? "", clickId, landingPath: "/", ipHash: "h", userAgentHash: "u", createdAt: new Date(Date.now() - 86_400_000) } });
      }
      const { sessionId } = await startPortalSession(sessionDeps(), { shop: SHOP_A, creatorId: ids.bravo ?? "" });
      const html = await (await postPage(routes.overviewPost, "/proxy/portal", sessionId)).text();
      const card = (label: string) => new RegExp(`${label}</span><strong>([^<]*)</strong>`).exec(html)?.[1];
      expect(card("Link clicks")).toBe("2");
      expect(card("Link orders")).toBe("1");
      expect(card("Link conversion rate")).toBe("50.0&#37;"); // "%" escaped for Liquid
      expect(card("Earnings per link click")).toBe("$49.50");
      expect(card("Code orders")).toBe("1");
    });

    it("shows links with QR codes, and captions as marketing assets", async () => {
      const links = await (await get(routes.links, { path: "/proxy/portal/links", loggedInCustomerId: "1001" })).text();
      expect(links).toContain("https://proxy-a.myshopify.com/?ref=r_alpha");
      expect(links).toContain("data-affable-copy");
      expect(links).toMatch(/<svg[^>]*viewBox/);
      const assets = await (await get(routes.assets, { path: "/proxy/portal/assets", loggedInCustomerId: "1001" })).text();
      expect(assets).toContain("Alpha Goods");
    });

    it("the same customer id on another shop is that shop's creator, never shop A's", async () => {
      const html = await (await get(routes.orders, { shop: SHOP_B, path: "/proxy/portal/orders", loggedInCustomerId: "1001" })).text();
      expect(html).toContain("#3001");
      expect(html).not.toContain("#1001");
    });

    it("a portal session is an opaque id sent in the POST body, stored only as a keyed hash, never put in a link, for its own shop only", async () => {
      const { sessionId } = await startPortalSession(sessionDeps(), { shop: SHOP_A, creatorId: ids.bravo ?? "" });
      expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const stored = await db.creatorPortalSession.findMany({ where: { shop: SHOP_A, creatorId: ids.bravo } });
      expect(stored.length).toBeGreaterThan(0);
      expect(JSON.stringify(stored)).not.toContain(sessionId);

      const ok = await postPage(routes.ordersPost, "/proxy/portal/orders", sessionId);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("Referrer-Policy")).toBe("no-referrer");
      const html = await ok.text();
      expect(html).toContain("#2001");
      expect(html).not.toContain("#1001");
      expect(html).not.toContain(sessionId); // navigation links carry nothing; the portal's script presents the session
      expect(html).toContain("Sign out everywhere");

      expect((await postPage(routes.ordersPost, "/proxy/portal/orders", sessionId, SHOP_B)).status).toBe(401);
      // A session in the URL is not a credential any more (URLs reach logs, history and Referer).
      const viaUrl = await (await get(routes.orders, { path: "/proxy/portal/orders", query: { s: sessionId } })).text();
      expect(viaUrl).not.toContain("#2001");
      // Fails only for its key: a well-formed session for a real creator of this shop, stored under another secret's key.
      const otherKey = (await startPortalSession({ db, secret: "another-secret", now: new Date() }, { shop: SHOP_A, creatorId: ids.bravo ?? "" })).sessionId;
      expect((await postPage(routes.ordersPost, "/proxy/portal/orders", otherKey)).status).toBe(401);
      expect((await postPage(routes.ordersPost, "/proxy/portal/orders", randomBytes(32).toString("base64url"))).status).toBe(401);
    });

    it("sign out revokes the session on the server; sign out everywhere revokes every session of the creator", async () => {
      const first = (await startPortalSession(sessionDeps(), { shop: SHOP_A, creatorId: ids.bravo ?? "" })).sessionId;
      const second = (await startPortalSession(sessionDeps(), { shop: SHOP_A, creatorId: ids.bravo ?? "" })).sessionId;
      const signOut = (session: string, form: Record<string, string> = {}) =>
        call(routes.signOut, signedProxyForm({ secret: SECRET, shop: SHOP_A, path: "/proxy/portal/sign-out", form: { portal_session: session, ...form } }));

      expect((await signOut(first)).status).toBe(200);
      expect((await postPage(routes.ordersPost, "/proxy/portal/orders", first)).status).toBe(401);
      expect((await postPage(routes.ordersPost, "/proxy/portal/orders", second)).status).toBe(200);

      const third = (await startPortalSession(sessionDeps(), { shop: SHOP_A, creatorId: ids.bravo ?? "" })).sessionId;
      expect((await signOut(third, { scope: "everywhere" })).status).toBe(200);
      expect((await postPage(routes.ordersPost, "/proxy/portal/orders", second)).status).toBe(401);
      expect((await postPage(routes.ordersPost, "/proxy/portal/orders", third)).status).toBe(401);
    });

    it(`a session ends after ${PORTAL_SESSION_IDLE_DAYS} idle days, and after ${PORTAL_SESSION_ABSOLUTE_DAYS} days however active`, async () => {
      const start = new Date("2026-12-01T12:00:00Z");
      const days = (count: number) => new Date(start.getTime() + count * 86_400_000);
      const resolve = (sessionId: string, now: Date) =>
        resolvePortalIdentity(sessionDeps(now), { shop: SHOP_A, loggedInCustomerId: null, portalSession: sessionId, readCustomerEmail: async () => null });

      const idle = (await startPortalSession(sessionDeps(start), { shop: SHOP_A, creatorId: ids.bravo ?? "" })).sessionId;
      expect(await resolve(idle, days(PORTAL_SESSION_IDLE_DAYS - 1))).toMatchObject({ kind: "creator" });
      expect(await resolve(idle, days(2 * PORTAL_SESSION_IDLE_DAYS - 1.5))).toMatchObject({ kind: "creator" }); // each use extends it
      expect(await resolve(idle, days(3 * PORTAL_SESSION_IDLE_DAYS))).toEqual({ kind: "anonymous", sessionExpired: true });

      const busy = (await startPortalSession(sessionDeps(start), { shop: SHOP_A, creatorId: ids.bravo ?? "" })).sessionId;
      for (let day = 1; day < PORTAL_SESSION_ABSOLUTE_DAYS; day += 1) expect(await resolve(busy, days(day))).toMatchObject({ kind: "creator" });
      expect(await resolve(busy, days(PORTAL_SESSION_ABSOLUTE_DAYS))).toEqual({ kind: "anonymous", sessionExpired: true });
    });

    it("tells an applicant their application is under review", async () => {
      const { sessionId } = await startPortalSession(sessionDeps(), { shop: SHOP_A, creatorId: ids.applicant ?? "" });
      const response = await postPage(routes.overviewPost, "/proxy/portal", sessionId);
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("reviewing your application");
    });
  });

  describe("email sign-in", () => {
    const sent: OutgoingEmail[] = [];
    const mailer = { send: async (email: OutgoingEmail) => (sent.push(email), { messageId: `m-${sent.length}` }) };
    const deps = (now = new Date()) => ({ db, secret: SECRET, now });
    const request = (email: string, now?: Date) =>
      requestPortalSignInLink(deps(now), { shop: SHOP_A, email, shopName: "Alpha Goods", portalBaseUrl: "https://proxy-a.myshopify.com/apps/affable", mailer });
    const tokenFrom = (email: OutgoingEmail | undefined) => /token=([A-Za-z0-9_-]+)/.exec(email?.text ?? "")?.[1] ?? "";

    it("emails a one-time link that signs the creator in once, through the proxy", async () => {
      expect(await request("BRAVO@example.com")).toBe("sent");
      const token = tokenFrom(sent.at(-1));
      expect(sent.at(-1)?.to).toBe("bravo@example.com");
      expect(await db.creatorLoginToken.count({ where: { shop: SHOP_A, creatorId: ids.bravo, tokenHash: token } })).toBe(0); // only a hash is stored
      expect(await db.sentEmail.count({ where: { shop: SHOP_A, template: "creator_portal_sign_in", to: "bravo@example.com" } })).toBe(1);

      const confirmResponse = await get(routes.signIn, { path: "/proxy/portal/sign-in", query: { token } });
      expect(confirmResponse.headers.get("Referrer-Policy")).toBe("no-referrer");
      const confirm = await confirmResponse.text();
      expect(confirm).toContain(`name="token" value="${token}"`);
      expect(confirm).toContain("history.replaceState"); // the link's token leaves the address bar at once
      // Opening the link (GET) does not use it up; only the button's POST does.
      expect(await db.creatorLoginToken.count({ where: { shop: SHOP_A, creatorId: ids.bravo, usedAt: { not: null } } })).toBe(0);
      const redeemed = await call(routes.signInPost, signedProxyForm({ secret: SECRET, shop: SHOP_A, path: "/proxy/portal/sign-in", form: { token } }));
      expect(redeemed.status).toBe(200);
      expect(redeemed.headers.get("Location")).toBeNull();
      expect(redeemed.headers.get("Referrer-Policy")).toBe("no-referrer");
      const page = await redeemed.text();
      expect(page).toContain("Signed in as Creator bravo");
      // The new session is handed to the portal's script in the page body (it keeps it in localStorage), never in a URL.
      const session = /data-affable-new-session="([A-Za-z0-9_-]+)"/.exec(page)?.[1] ?? "";
      expect(session).not.toBe("");
      expect(page).not.toMatch(/[?&]s=/);
      expect(await (await postPage(routes.ordersPost, "/proxy/portal/orders", session)).text()).toContain("#2001");

      const again = await call(routes.signInPost, signedProxyForm({ secret: SECRET, shop: SHOP_A, path: "/proxy/portal/sign-in", form: { token } }));
      expect(again.status).toBe(400);
      expect(await again.text()).toContain("already used");
    });

    it("links the store customer who redeems a creator's emailed link (the link proves the address), if the creator has none", async () => {
      expect(await request("paused@example.com", new Date(Date.now() + 3_600_000))).toBe("sent");
      const token = tokenFrom(sent.at(-1));
      const redeemed = await call(routes.signInPost, signedProxyForm({ secret: SECRET, shop: SHOP_A, path: "/proxy/portal/sign-in", loggedInCustomerId: "5005", form: { token } }));
      expect(redeemed.status).toBe(200);
      expect((await db.creator.findFirstOrThrow({ where: { shop: SHOP_A, id: ids.paused } })).shopifyCustomerId).toBe("gid://shopify/Customer/5005");
      expect(await db.auditEvent.count({ where: { shop: SHOP_A, subjectId: ids.paused, action: "creator.customer_linked" } })).toBe(1);
      await db.creator.update({ where: { shop_id: { shop: SHOP_A, id: ids.paused ?? "" } }, data: { shopifyCustomerId: null } });
    });

    it("a sign-in keeps the visitor's hashed IP, user agent and a long-lived device id (risk signals), and refreshes them with lastSeenAt", async () => {
      const key = deriveKey("ip-hash", SECRET);
      const signIn = async (form: Record<string, string>, ip: string, userAgent: string) => {
        const signed = signedProxyForm({ secret: SECRET, shop: SHOP_A, path: "/proxy/portal/sign-in", form });
        const headers = new Headers(signed.headers);
        headers.set("X-Forwarded-For", `${ip}, 10.0.0.1`);
        headers.set("User-Agent", userAgent);
        return call(routes.signInPost, new Request(signed.url, { method: "POST", headers, body: new URLSearchParams(form).toString() }));
      };
      expect(await request("bravo@example.com", new Date(Date.now() + 7_200_000))).toBe("sent");
      const first = await signIn({ token: tokenFrom(sent.at(-1)) }, "198.51.100.23", BROWSER_UA);
      expect(first.status).toBe(200);
      const page = await first.text();
      // A new browser gets a random device id, which the portal's script keeps as the affable_device cookie.
      const device = /data-affable-device="([A-Za-z0-9_-]{43})"/.exec(page)?.[1] ?? "";
      expect(device).not.toBe("");
      expect(page).toContain("affable_device=");
      expect(page).toContain("Max-Age=34560000; Path=/; SameSite=Lax");
      const session = /data-affable-new-session="([A-Za-z0-9_-]+)"/.exec(page)?.[1] ?? "";
      const row = await db.creatorPortalSession.findFirstOrThrow({ where: { shop: SHOP_A, sessionHash: hashPortalSecret(SECRET, session) } });
      expect(row.ipHash).toBe(hashSignal("ip", "198.51.100.23", key));
      expect(row.userAgentHash).toBe(hashSignal("ua", BROWSER_UA, key));
      expect(row.deviceHash).toBe(hashSignal("device", device, key));
      expect(JSON.stringify(row)).not.toContain(device);

      // The same browser signing in again presents its device id: the same device hash, and the id is kept.
      expect(await request("bravo@example.com", new Date(Date.now() + 7_200_000))).toBe("sent");
      const second = await (await signIn({ token: tokenFrom(sent.at(-1)), affable_device: device }, "203.0.113.9", "Mozilla/5.0 (Macintosh) Safari/605.1.15")).text();
      expect(second).toContain(`data-affable-device="${device}"`);
      const secondSession = /data-affable-new-session="([A-Za-z0-9_-]+)"/.exec(second)?.[1] ?? "";
      const secondRow = await db.creatorPortalSession.findFirstOrThrow({ where: { shop: SHOP_A, sessionHash: hashPortalSecret(SECRET, secondSession) } });
      expect(secondRow.deviceHash).toBe(row.deviceHash);
      expect(secondRow.ipHash).toBe(hashSignal("ip", "203.0.113.9", key));

      // Used again later from another network: the hashes follow lastSeenAt.
      await db.creatorPortalSession.update({ where: { id: row.id }, data: { lastSeenAt: new Date(Date.now() - 5 * 60_000) } });
      await resolvePortalIdentity(deps(), {
        shop: SHOP_A, loggedInCustomerId: null, portalSession: session, visitor: { ip: "192.0.2.77", userAgent: "Mozilla/5.0 (Android 14) Chrome/126" },
        readCustomerEmail: async () => null,
      });
      const refreshed = await db.creatorPortalSession.findUniqueOrThrow({ where: { id: row.id } });
      expect(refreshed.ipHash).toBe(hashSignal("ip", "192.0.2.77", key));
      expect(refreshed.userAgentHash).toBe(hashSignal("ua", "Mozilla/5.0 (Android 14) Chrome/126", key));
      expect(refreshed.deviceHash).toBe(row.deviceHash);
    });

    it("refuses a link after 15 minutes, and a link of one shop on another", async () => {
      expect(await request("alpha@example.com", new Date(Date.now() - 16 * 60_000))).toBe("sent");
      const stale = tokenFrom(sent.at(-1));
      expect(await redeemPortalSignInLink(deps(), { shop: SHOP_A, token: stale })).toEqual({ ok: false, reason: "expired" });
      expect(await request("alpha@example.com")).toBe("sent");
      const fresh = tokenFrom(sent.at(-1));
      expect(await redeemPortalSignInLink(deps(), { shop: SHOP_B, token: fresh })).toEqual({ ok: false, reason: "invalid" });
      expect((await redeemPortalSignInLink(deps(), { shop: SHOP_A, token: fresh })).ok).toBe(true);
    });

    it("answers the same for an unknown address and sends nothing", async () => {
      const before = sent.length;
      expect(await request("nobody@example.com")).toBe("no_such_creator");
      expect(sent.length).toBe(before);
      const form = (email: string) => call(routes.signInPost, signedProxyForm({ secret: SECRET, shop: SHOP_A, path: "/proxy/portal/sign-in", form: { email } }));
      const unknown = await (await form("nobody@example.com")).text();
      const known = await (await form("paused@example.com")).text();
      expect(unknown.replaceAll("nobody@example.com", "X")).toBe(known.replaceAll("paused@example.com", "X"));
      expect((await form("not-an-email")).status).toBe(400);
    });

    it("limits how many links one address can ask for", async () => {
      const outcomes = [];
      for (let index = 0; index < 5; index++) outcomes.push(await request("paused@example.com"));
      expect(outcomes.filter((outcome) => outcome === "rate_limited").length).toBeGreaterThanOrEqual(2);
    });

    const signInFrom = (ip: string, email: string) =>
      call(
        routes.signInPost,
        signedProxyRequest({
          secret: SECRET,
          shop: SHOP_A,
          path: "/proxy/portal/sign-in",
          method: "POST",
          body: new URLSearchParams({ email }).toString(),
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": `${ip}, 10.0.0.1` },
        }),
      );

    it("answers before any lookup or email is done, so a creator's address and a stranger's take the same time", async () => {
      const before = await db.sentEmail.count({ where: { shop: SHOP_A, to: "bravo@example.com" } });
      const response = await signInFrom("192.0.2.40", "bravo@example.com");
      // The answer is back; the link's lookup, token and mail happen after it (no database round trip has happened yet).
      expect(await db.sentEmail.count({ where: { shop: SHOP_A, to: "bravo@example.com" } })).toBe(before);
      expect(response.status).toBe(200);
      // …and the link is still sent.
      for (let attempt = 0; attempt < 50 && (await db.sentEmail.count({ where: { shop: SHOP_A, to: "bravo@example.com" } })) === before; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await db.sentEmail.count({ where: { shop: SHOP_A, to: "bravo@example.com" } })).toBe(before + 1);
    });

    it("rate limits sign-in requests per network with 429, the same for creators' and strangers' addresses", async () => {
      const statuses: number[] = [];
      for (let index = 0; index < 15; index++) statuses.push((await signInFrom("192.0.2.50", `stranger-${index}@example.com`)).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.at(-1)).toBe(429);
      const creator = await signInFrom("192.0.2.50", "alpha@example.com");
      const stranger = await signInFrom("192.0.2.50", "nobody-else@example.com");
      expect([creator.status, stranger.status]).toEqual([429, 429]);
      expect((await creator.text()).replaceAll("alpha@example.com", "X")).toBe((await stranger.text()).replaceAll("nobody-else@example.com", "X"));
      expect((await signInFrom("192.0.2.51", "stranger-0@example.com")).status).toBe(200);
    });

    it("links a store customer to the creator with their email only when Shopify verified that email, and never to a second customer", async () => {
      const readBravo = (verified: boolean) => async () => ({ email: "Bravo@Example.com", verified });
      // Classic customer accounts let anyone register with any address: an unverified email proves nothing.
      const squatter = await resolvePortalIdentity(deps(), { shop: SHOP_A, loggedInCustomerId: "2001", portalSession: null, readCustomerEmail: readBravo(false) });
      expect(squatter).toEqual({ kind: "not_creator" });
      expect((await db.creator.findFirstOrThrow({ where: { shop: SHOP_A, id: ids.bravo } })).shopifyCustomerId).toBeNull();

      const identity = await resolvePortalIdentity(deps(), { shop: SHOP_A, loggedInCustomerId: "2002", portalSession: null, readCustomerEmail: readBravo(true) });
      expect(identity).toMatchObject({ kind: "creator", creator: { id: ids.bravo } });
      expect((await db.creator.findFirstOrThrow({ where: { shop: SHOP_A, id: ids.bravo } })).shopifyCustomerId).toBe("gid://shopify/Customer/2002");
      const impostor = await resolvePortalIdentity(deps(), { shop: SHOP_A, loggedInCustomerId: "3003", portalSession: null, readCustomerEmail: readBravo(true) });
      expect(impostor).toEqual({ kind: "not_creator" });
      await db.creator.update({ where: { shop_id: { shop: SHOP_A, id: ids.bravo ?? "" } }, data: { shopifyCustomerId: null } });
    });
  });

  describe("application form", () => {
    it("puts an application in the review queue", async () => {
      const form = { name: "Casey Creator", email: "casey@example.com", instagram: "caseymakes", audience: "Makers and DIY fans, 40k followers" };
      const response = await call(routes.applyPost, signedProxyForm({ secret: SECRET, shop: SHOP_A, path: "/proxy/apply", form }));
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("Application received");
      const creator = await db.creator.findFirstOrThrow({ where: { shop: SHOP_A, email: "casey@example.com" }, include: { applications: true } });
      expect(creator.status).toBe("applied");
      expect(creator.applications).toMatchObject([{ status: "pending", answers: { audience: "Makers and DIY fans, 40k followers" } }]);
    });

    it("shows what to fix for a bad email, and escapes what was typed so Liquid cannot run it", async () => {
      const form = { name: "{{ shop.secret }}", email: "not-an-email" };
      const response = await call(routes.applyPost, signedProxyForm({ secret: SECRET, shop: SHOP_A, path: "/proxy/apply", form }));
      expect(response.status).toBe(422);
      const html = await response.text();
      expect(html).not.toContain("{{");
      expect(html).toContain("&#123;&#123; shop.secret &#125;&#125;");
      expect(await db.creator.count({ where: { shop: SHOP_A, name: "{{ shop.secret }}" } })).toBe(0);
    });

    const applyFrom = (ip: string, form: Record<string, string>) =>
      call(
        routes.applyPost,
        signedProxyRequest({
          secret: SECRET,
          shop: SHOP_A,
          path: "/proxy/apply",
          method: "POST",
          body: new URLSearchParams(form).toString(),
          headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": ip },
        }),
      );

    it("takes an optional phone and shipping address, naming the field to fix when the address is incomplete", async () => {
      const base = { name: "Dana Maker", email: "dana@example.com", phone: "+1 (415) 555-0166", addressLine1: "9 Pier Road" };
      const incomplete = await applyFrom("192.0.2.70", { ...base, addressCountry: "usa" });
      expect(incomplete.status).toBe(422);
      const html = await incomplete.text();
      expect(html).toContain("Enter the city.");
      expect(html).toContain("Enter the country as its two-letter code, like US or DE.");
      expect(html).toContain('value="9 Pier Road"'); // what was typed stays in the form
      expect(await db.creator.count({ where: { shop: SHOP_A, email: "dana@example.com" } })).toBe(0);

      const complete = await applyFrom("192.0.2.71", { ...base, addressCity: "Oakland", addressPostalCode: "94607", addressCountry: "us" });
      expect(complete.status).toBe(200);
      expect(await db.creator.findFirstOrThrow({ where: { shop: SHOP_A, email: "dana@example.com" } })).toMatchObject({
        phone: "+1 (415) 555-0166",
        shippingAddress: { line1: "9 Pier Road", line2: null, city: "Oakland", region: null, postalCode: "94607", country: "US" },
      });
      // Without them, nothing is stored for either.
      await applyFrom("192.0.2.72", { name: "Eli Maker", email: "eli@example.com" });
      expect(await db.creator.findFirstOrThrow({ where: { shop: SHOP_A, email: "eli@example.com" } })).toMatchObject({ phone: null, shippingAddress: null });
    });

    it("answers an application with a creator's address exactly like any other (no probing who is a creator)", async () => {
      const fresh = await applyFrom("192.0.2.60", { name: "Someone", email: "someone-new@example.com" });
      const existing = await applyFrom("192.0.2.61", { name: "Someone", email: "alpha@example.com" });
      expect(existing.status).toBe(fresh.status);
      expect(await existing.text()).toBe(await fresh.text());
      expect((await db.creator.findFirstOrThrow({ where: { shop: SHOP_A, id: ids.alpha } })).status).toBe("approved");
    });

    it("rate limits applications per network and per address with 429", async () => {
      const statuses: number[] = [];
      for (let index = 0; index < 12; index++) statuses.push((await applyFrom("192.0.2.70", { name: "Flood", email: `flood-${index}@example.com` })).status);
      expect(statuses[0]).toBe(200);
      expect(statuses.at(-1)).toBe(429);
      expect((await applyFrom("192.0.2.71", { name: "Calm", email: "calm@example.com" })).status).toBe(200);

      const sameAddress: number[] = [];
      for (let index = 0; index < 8; index++) sameAddress.push((await applyFrom(`192.0.2.${100 + index}`, { name: "Repeat", email: "repeat@example.com" })).status);
      expect(sameAddress[0]).toBe(200);
      expect(sameAddress.at(-1)).toBe(429);
    });

    it("serves the form", async () => {
      const html = await (await get(routes.apply, { path: "/proxy/apply" })).text();
      expect(html).toContain('action="/apps/affable/apply/"');
    });
  });
});
