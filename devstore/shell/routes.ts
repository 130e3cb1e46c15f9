/**
 * The local Shopify admin, on the admin origin (http://localhost:4000 by default), playing admin.shopify.com:
 *
 *   GET  /                                     landing page: the store, a link into the admin
 *   GET  /admin                                → the app's page (Shopify sends /admin to the admin home)
 *   GET  /login, POST /login, POST /logout     the one staff member's login (signed cookie)
 *   GET  /store/{handle}/apps/{app}[/path]     the embedded-app page: sidebar, title bar, app iframe
 *   GET  /store/{handle}/discounts             the shop's discount codes (what the app created through the Admin API)
 *   GET  /store/{handle}/mail[/{id}]           mail the SMTP catcher received (devstore/mail), one opened to read
 *   GET  /store/{handle}/webhooks              webhook deliveries to the app (devstore/webhooks); POST …/{id}/redeliver
 *   GET  /store/{handle}/orders[/{id}]         orders; forms to place, refund, cancel and edit them (order-routes.ts)
 *   GET  /store/{handle}/themes                Online Store → Themes: the app embed switch and settings (theme-routes.ts)
 *   GET  /store/{handle}/settings/apps         the installed app; POST …/uninstall revokes it and sends app/uninstalled
 *   GET  /store/{handle}[/section]             placeholders for admin pages the devstore does not imitate
 *   POST /admin/internal/session-token         a fresh session token for the logged-in staff member (same-origin)
 *   GET  /cdn/shopifycloud/app-bridge.js       the App Bridge stand-in (Shopify serves the real one from its CDN)
 *   GET  /devstore/admin-shell.js              the admin page's own script
 *
 * The staff member is the state's account owner; with `autoLogin` (default) an admin page logs them in on first
 * visit, as a development store opened from the Partner Dashboard does.
 */
import { readFile } from "node:fs/promises";
import { Hono } from "hono";
import type { Context } from "hono";
import { z } from "zod";
import { describeDiscountValue } from "../admin-api/discounts/describe-discount-value.ts";
import { deriveDiscountStatus } from "../admin-api/discounts/discount-status.ts";
import { APP_HANDLE } from "../config.ts";
import { mintSessionToken } from "../session-token.ts";
import {
  BUILT_IN_SECTIONS,
  renderAppPage,
  renderLandingPage,
  renderLoginPage,
  renderNotFoundPage,
  renderDiscountsPage,
  renderMailPage,
  renderPlaceholderPage,
  renderAppsPage,
  renderWebhooksPage,
  type AdminChrome,
} from "./admin-pages.ts";
import { uninstallApp } from "../webhooks/uninstall-app.ts";
import { STOREFRONT_HOST } from "../storefront/storefront-routes.ts";
import { pointShopLinksAtLocalStorefront } from "../mail/rewrite-shop-links.ts";
import { buildAppLaunchUrl } from "./launch-url.ts";
import { orderPageRoutes } from "./order-routes.ts";
import { themePageRoutes } from "./theme-routes.ts";
import { nowSeconds, shopHandle, type ShellContext, type StaffMember } from "./shell-context.ts";
import {
  DEMO_STAFF_MEMBER,
  crossOriginRefusal,
  endStaffSession,
  readStaffSession,
  safeReturnPath,
  staffCookieKey,
  startStaffSession,
  type StaffSession,
} from "./staff-session.ts";

export const SESSION_TOKEN_PATH = "/admin/internal/session-token";
export const APP_BRIDGE_PATH = "/cdn/shopifycloud/app-bridge.js";
const ADMIN_SHELL_SCRIPT_PATH = "/devstore/admin-shell.js";
/** Shopify's session tokens live one minute. */
const SESSION_TOKEN_LIFETIME_SECONDS = 60;

const APP_BRIDGE_FILE = new URL("../app-bridge/app-bridge.js", import.meta.url);
const ADMIN_SHELL_FILE = new URL("./admin-shell.js", import.meta.url);

export interface ShellOptions {
  /** The staff member who uses the admin. Defaults to the state's account owner. */
  staffMember?: () => StaffMember;
  /** The shop's display name. Defaults to the state's shop name. */
  shopName?: () => string;
  /** The app's name in the sidebar. Defaults to "Affable". */
  appName?: string;
  /**
   * Log the staff member in on their first visit to an admin page, as a development store opened from the Partner
   * Dashboard does (default true). With false, admin pages send visitors to the one-click /login page first.
   * Either way the token endpoint mints only for a browser holding the signed staff cookie.
   */
  autoLogin?: boolean;
}

/** What a page in the admin sends to get a session token for the app in its iframe. */
export const sessionTokenRequestSchema = z.object({
  /** The API key (client id) of the app asking, from its App Bridge script tag. */
  apiKey: z.string().min(1).max(200),
});

const loginFormSchema = z.object({
  return_to: z.string().max(2000).optional(),
});

export interface MintedSessionToken {
  idToken: string;
  /** Seconds since the epoch, on the devstore's clock (pages compare the difference, not their own clock). */
  issuedAt: number;
  expiresAt: number;
}

export function shellRoutes(ctx: ShellContext, options: ShellOptions = {}): Hono {
  const app = new Hono();
  const handle = shopHandle(ctx.shop);
  const appBasePath = `/store/${handle}/apps/${APP_HANDLE}`;
  const adminOrigin = new URL(ctx.adminOrigin).origin;
  const appOrigin = new URL(ctx.appUrl).origin;
  // The online store shares the admin's port under its own host name (devstore/storefront/storefront-routes.ts).
  const storefrontUrl = `http://${STOREFRONT_HOST}:${new URL(adminOrigin).port || "80"}/`;
  const cookieKey = staffCookieKey(ctx.app.apiSecret);
  const staffMember = options.staffMember ?? (() => accountOwner(ctx));
  const shopName = options.shopName ?? (() => ctx.state.read().shop.name || titleCase(handle));
  const appName = options.appName ?? "Affable";
  const autoLogin = options.autoLogin ?? true;

  async function loggedInStaff(c: Context): Promise<{ staff: StaffMember; session: StaffSession } | null> {
    const session = await readStaffSession(c, cookieKey);
    const staff = staffMember();
    if (!session || session.staffId !== staff.id) return null;
    return { staff, session };
  }

  async function mint(staff: StaffMember, session: StaffSession): Promise<MintedSessionToken> {
    const now = nowSeconds(ctx);
    const idToken = await mintSessionToken({
      apiKey: ctx.app.apiKey,
      apiSecret: ctx.app.apiSecret,
      shop: ctx.shop,
      userId: String(staff.id),
      sessionId: session.sessionId,
      nowSeconds: now,
      lifetimeSeconds: SESSION_TOKEN_LIFETIME_SECONDS,
    });
    return { idToken, issuedAt: now, expiresAt: now + SESSION_TOKEN_LIFETIME_SECONDS };
  }

  function chrome(staff: StaffMember, current: AdminChrome["current"]): AdminChrome {
    return {
      shopName: shopName(),
      shopHandle: handle,
      appName,
      appBasePath,
      staffName: `${staff.firstName} ${staff.lastName}`,
      current,
    };
  }

  /** The logged-in staff member for an admin page, logging them in first when autoLogin is on. */
  async function staffForPage(c: Context): Promise<{ staff: StaffMember; session: StaffSession } | null> {
    const existing = await loggedInStaff(c);
    if (existing || !autoLogin) return existing;
    const staff = staffMember();
    return { staff, session: await startStaffSession(c, cookieKey, staff) };
  }

  function loginRedirect(c: Context): Response {
    const url = new URL(c.req.url);
    return c.redirect(`/login?return_to=${encodeURIComponent(url.pathname + url.search)}`, 302);
  }

  function notFound(c: Context, message: string): Response {
    return c.html(renderNotFoundPage(message), 404);
  }

  app.get("/", (c) =>
    c.html(renderLandingPage({ shopName: shopName(), shopDomain: ctx.shop, appName, appBasePath, appUrl: ctx.appUrl, storefrontUrl })),
  );

  app.get("/admin", (c) => c.redirect(appBasePath, 302));

  app.get(APP_BRIDGE_PATH, async (c) => {
    // Read on every request so edits show up on reload, as the CDN's copy would after a deploy.
    const source = await readFile(APP_BRIDGE_FILE, "utf8");
    return c.body(source, 200, {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": "no-cache",
      // cdn.shopify.com serves App Bridge to every origin.
      "Access-Control-Allow-Origin": "*",
    });
  });

  app.get(ADMIN_SHELL_SCRIPT_PATH, async (c) => {
    const source = await readFile(ADMIN_SHELL_FILE, "utf8");
    return c.body(source, 200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "no-cache" });
  });

  app.get("/login", async (c) => {
    const returnTo = safeReturnPath(c.req.query("return_to"));
    if (await loggedInStaff(c)) return c.redirect(returnTo, 302);
    const staff = staffMember();
    return c.html(
      renderLoginPage({
        shopName: shopName(),
        staffName: `${staff.firstName} ${staff.lastName}`,
        staffEmail: staff.email,
        returnTo,
      }),
    );
  });

  app.post("/login", async (c) => {
    const refusal = crossOriginRefusal(c, adminOrigin);
    if (refusal) return c.text(`Refused to log in: ${refusal}. Use the form at ${adminOrigin}/login.`, 403);
    const form = loginFormSchema.safeParse(await c.req.parseBody());
    if (!form.success) return c.text(`Bad login form: ${z.prettifyError(form.error)}`, 400);
    await startStaffSession(c, cookieKey, staffMember());
    return c.redirect(safeReturnPath(form.data.return_to), 303);
  });

  app.post("/logout", (c) => {
    const refusal = crossOriginRefusal(c, adminOrigin);
    if (refusal) return c.text(`Refused to log out: ${refusal}.`, 403);
    endStaffSession(c);
    return c.redirect("/", 303);
  });

  /**
   * Shopify admin mints a session token whenever App Bridge in the app's iframe asks (`shopify.idToken()`), for the
   * staff member looking at the admin. Here the admin page asks its own server; only a same-origin request from a
   * logged-in admin page gets one, so neither the app nor any other site can mint tokens through this endpoint.
   */
  app.post(SESSION_TOKEN_PATH, async (c) => {
    c.header("Cache-Control", "no-store");
    const refusal = crossOriginRefusal(c, adminOrigin);
    if (refusal) {
      return c.json({ error: `Refused: ${refusal}. Only the admin's own pages may ask for session tokens.` }, 403);
    }
    if (!(c.req.header("content-type") ?? "").toLowerCase().startsWith("application/json")) {
      return c.json({ error: "Send the request as application/json: {\"apiKey\": \"…\"}" }, 415);
    }
    const login = await loggedInStaff(c);
    if (!login) return c.json({ error: `Not logged in to the admin. Log in at ${adminOrigin}/login, then reload.` }, 401);
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "The request body is not JSON." }, 400);
    }
    const parsed = sessionTokenRequestSchema.safeParse(body);
    if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
    if (parsed.data.apiKey !== ctx.app.apiKey) {
      return c.json({ error: `No app with API key ${parsed.data.apiKey} is installed on ${ctx.shop}.` }, 404);
    }
    return c.json(await mint(login.staff, login.session));
  });

  const appPage = async (c: Context) => {
    const url = new URL(c.req.url);
    // ['', 'store', handle, 'apps', app, ...app path]
    const segments = url.pathname.split("/");
    const [, , storeHandle = "", , appSegment = ""] = segments;
    if (decodeURIComponent(storeHandle) !== handle) {
      return notFound(c, `There is no store "${decodeURIComponent(storeHandle)}" here: this devstore is ${handle}.`);
    }
    const rest = segments.slice(5);
    const appPath = rest.length > 0 ? `/${rest.join("/")}` : "";
    const requestedApp = decodeURIComponent(appSegment);
    if (requestedApp === ctx.app.apiKey && requestedApp !== APP_HANDLE) {
      // Shopify accepts /apps/{api key} (what the library's getEmbeddedAppUrl builds) and shows /apps/{handle}.
      return c.redirect(`${appBasePath}${appPath}${url.search}`, 302);
    }
    if (requestedApp !== APP_HANDLE) return notFound(c, `No app "${requestedApp}" is installed on ${handle}.`);

    const login = await staffForPage(c);
    if (!login) return loginRedirect(c);
    const token = await mint(login.staff, login.session);
    const iframeSrc = buildAppLaunchUrl({
      appUrl: ctx.appUrl,
      path: appPath,
      query: url.searchParams,
      shop: ctx.shop,
      host: Buffer.from(`admin.shopify.com/store/${handle}`).toString("base64url"),
      idToken: token.idToken,
      sessionId: login.session.sessionId,
      locale: login.staff.locale,
      timestamp: nowSeconds(ctx),
      apiSecret: ctx.app.apiSecret,
    });
    const staff = login.staff;
    const html = renderAppPage({
      chrome: chrome(staff, "app"),
      iframeSrc,
      shellConfig: {
        adminOrigin,
        appOrigin,
        apiKey: ctx.app.apiKey,
        appName,
        appBasePath,
        shop: ctx.shop,
        shopHandle: handle,
        tokenEndpoint: SESSION_TOKEN_PATH,
        // The launch URL's token primes the page's cache, so the app's first idToken() needs no round trip.
        initialToken: token,
        user: {
          id: staff.id,
          name: `${staff.firstName} ${staff.lastName}`,
          firstName: staff.firstName,
          lastName: staff.lastName,
          email: staff.email,
          accountOwner: staff.accountOwner,
          accountAccess: staff.accountOwner ? "Account owner" : "Staff",
          locale: staff.locale,
        },
      },
    });
    return c.html(html, 200, {
      // The page embeds a live session token: never cache it.
      "Cache-Control": "no-store",
      "Content-Security-Policy": [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        // The app's frame, wherever the app navigates it.
        "frame-src http: https:",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join("; "),
      "X-Frame-Options": "DENY",
    });
  };
  app.get("/store/:handle/apps/:app", appPage);
  app.get("/store/:handle/apps/:app/*", appPage);

  /** Pages that show the state: HTML that never embeds a token, but still nothing to cache or frame. */
  const DATA_PAGE_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": [
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "form-action 'self'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join("; "),
    "X-Frame-Options": "DENY",
  };

  app.get(`/store/${handle}/discounts`, async (c) => {
    const login = await staffForPage(c);
    if (!login) return loginRedirect(c);
    const state = ctx.state.read();
    const now = ctx.now();
    const rows = state.discounts.map((discount) => ({
      code: discount.codes[0]?.code ?? "",
      title: discount.title,
      value: describeDiscountValue(discount.value, state.shop.currencyCode),
      status: deriveDiscountStatus(discount, now),
      startsAt: discount.startsAt,
      endsAt: discount.endsAt,
      usageLimit: discount.usageLimit,
      usageCount: discount.asyncUsageCount,
      appliesOncePerCustomer: discount.appliesOncePerCustomer,
      combinesWith: discount.combinesWith,
    }));
    return c.html(renderDiscountsPage(chrome(login.staff, "discounts"), rows), 200, DATA_PAGE_HEADERS);
  });

  const mailPage = async (c: Context) => {
    const login = await staffForPage(c);
    if (!login) return loginRedirect(c);
    const state = ctx.state.read();
    const messages = state.mail;
    const id = c.req.param("id");
    const found = id === undefined ? null : (messages.find((message) => String(message.id) === id) ?? null);
    if (id !== undefined && !found) return notFound(c, `No message ${id} in the local mailbox (it keeps the last 200).`);
    // Links to the shop's own hosts (Shopify's, unreachable here) open the local storefront instead.
    const shopHosts = [ctx.shop, state.shop.myshopifyDomain, state.shop.primaryDomain.host];
    const local = (body: string | null) => (body === null ? null : pointShopLinksAtLocalStorefront(body, shopHosts, storefrontUrl));
    const selected = found ? { ...found, text: local(found.text), html: local(found.html) } : null;
    const html = renderMailPage(
      chrome(login.staff, "mail"),
      messages,
      selected,
      `/store/${handle}/mail`,
      "smtp://127.0.0.1:4025 (DEVSTORE_SMTP_PORT)",
    );
    return c.html(html, 200, DATA_PAGE_HEADERS);
  };
  app.get(`/store/${handle}/mail`, mailPage);
  app.get(`/store/${handle}/mail/:id`, mailPage);

  const webhooksPath = `/store/${handle}/webhooks`;
  app.get(webhooksPath, async (c) => {
    const login = await staffForPage(c);
    if (!login) return loginRedirect(c);
    const topics = ctx.webhooks ? ctx.webhooks.config.subscriptions.map((subscription) => subscription.topic) : null;
    const html = renderWebhooksPage(chrome(login.staff, "webhooks"), ctx.state.read().webhookDeliveries, webhooksPath, topics);
    return c.html(html, 200, DATA_PAGE_HEADERS);
  });

  app.post(`${webhooksPath}/:id/redeliver`, async (c) => {
    const refusal = crossOriginRefusal(c, adminOrigin);
    if (refusal) return c.text(`Refused to redeliver: ${refusal}. Use the button on ${adminOrigin}${webhooksPath}.`, 403);
    if (!(await loggedInStaff(c))) return loginRedirect(c);
    if (!ctx.webhooks) return c.text("Webhook delivery is off in this devstore.", 503);
    const id = Number(c.req.param("id"));
    if (!Number.isSafeInteger(id) || !ctx.webhooks.redeliver(id)) return notFound(c, `No webhook delivery ${c.req.param("id")} (the devstore keeps the last 200).`);
    return c.redirect(webhooksPath, 303);
  });

  app.route(
    "/",
    orderPageRoutes(ctx, {
      ordersPath: `/store/${handle}/orders`,
      adminOrigin,
      pageHeaders: DATA_PAGE_HEADERS,
      staffForPage,
      isLoggedIn: async (c) => (await loggedInStaff(c)) !== null,
      loginRedirect,
      notFound,
      chrome,
    }),
  );

  app.route(
    "/",
    themePageRoutes(ctx, {
      themesPath: `/store/${handle}/themes`,
      adminOrigin,
      storefrontUrl,
      pageHeaders: DATA_PAGE_HEADERS,
      staffForPage,
      isLoggedIn: async (c) => (await loggedInStaff(c)) !== null,
      loginRedirect,
      chrome,
    }),
  );

  const appsPath = `/store/${handle}/settings/apps`;
  app.get(appsPath, async (c) => {
    const login = await staffForPage(c);
    if (!login) return loginRedirect(c);
    const state = ctx.state.read();
    const installation = state.installations.find((candidate) => candidate.apiKey === ctx.app.apiKey);
    const tokens = state.accessTokens.filter((token) => token.apiKey === ctx.app.apiKey).length;
    const html = renderAppsPage(chrome(login.staff, "apps"), {
      appName,
      apiKey: ctx.app.apiKey,
      installation: installation ? { scopes: installation.scopes, installedAt: installation.installedAt, tokens } : null,
      uninstallAction: `${appsPath}/uninstall`,
      notice: c.req.query("uninstalled") === "1" ? `${appName} was uninstalled: its tokens are revoked and app/uninstalled was sent.` : null,
    });
    return c.html(html, 200, DATA_PAGE_HEADERS);
  });

  app.post(`${appsPath}/uninstall`, async (c) => {
    const refusal = crossOriginRefusal(c, adminOrigin);
    if (refusal) return c.text(`Refused to uninstall: ${refusal}. Use the button on ${adminOrigin}${appsPath}.`, 403);
    if (!(await loggedInStaff(c))) return loginRedirect(c);
    uninstallApp(ctx);
    return c.redirect(`${appsPath}?uninstalled=1`, 303);
  });

  const placeholderPage = async (c: Context) => {
    const url = new URL(c.req.url);
    const [, , storeHandle = "", section = ""] = url.pathname.split("/");
    if (decodeURIComponent(storeHandle) !== handle) {
      return notFound(c, `There is no store "${decodeURIComponent(storeHandle)}" here: this devstore is ${handle}.`);
    }
    const login = await staffForPage(c);
    if (!login) return loginRedirect(c);
    const builtIn = BUILT_IN_SECTIONS.find((candidate) => candidate.path === (section ? `/${section}` : ""));
    const label = builtIn?.label ?? titleCase(decodeURIComponent(section));
    return c.html(renderPlaceholderPage(chrome(login.staff, builtIn?.id ?? null), label), builtIn ? 200 : 404);
  };
  app.get("/store/:handle", placeholderPage);
  app.get("/store/:handle/*", placeholderPage);

  return app;
}

/** Shopify admin here is always used by the shop's account owner (the state seeds them first). */
function accountOwner(ctx: ShellContext): StaffMember {
  const staff = ctx.state.read().staffMembers;
  return staff.find((member) => member.accountOwner) ?? staff[0] ?? DEMO_STAFF_MEMBER;
}

function titleCase(slug: string): string {
  return slug
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(" ");
}
