/**
 * The shared start of every creator portal request through the app proxy: Shopify's signature checked by the
 * library (authenticateAppProxy: a bad or stale signature, or a repeated parameter, is refused with 400 before anything else), the
 * shop, the storefront path prefix and who is signed in.
 */
import db from "../../db.server";
import { buildPortalHref, type PortalFrame, type PortalPage } from "../../portal/render-portal-layout";
import { renderPortalAssets, renderPortalLinks, renderPortalOrders, renderPortalOverview } from "../../portal/render-portal-pages";
import { renderPortalPayoutHistory } from "../../portal/render-portal-payout-history";
import { renderTaxPage } from "../tax/portal-tax-page.server";
import { renderPayoutDetailsPage } from "./payout-details-page.server";
import { loadPortalPayoutHistory } from "./portal-payout-history.server";
import { renderPortalMessage, renderPortalSignIn } from "../../portal/render-portal-sign-in";
import { env } from "../../env.server";
import { readCustomerEmail } from "../../shopify/read-customer-email.server";
import { authenticateAppProxy, type AppProxyContext } from "../../shopify/authenticate-app-proxy.server";
import { unauthenticated } from "../../shopify.server";
import { resolvePortalIdentity, type PortalAuthDeps, type PortalIdentity } from "./creator-portal-auth.server";
import type { PortalVisitor } from "./creator-portal-sessions.server";
import { readClientIp } from "../codes-links/record-click.server";
import {
  loadPortalAssets,
  loadPortalLinks,
  loadPortalOrders,
  loadPortalOverview,
  loadPortalShop,
  type PortalShop,
} from "./load-creator-portal.server";

/** The storefront paths Shopify's app proxy can live under: /apps, /a, /community or /tools, then the subpath. */
const PATH_PREFIX = /^\/(apps|a|community|tools)\/[A-Za-z0-9_-]{1,64}$/;
const DEFAULT_PREFIX = "/apps/affable";

type Liquid = AppProxyContext["liquid"];

export interface PortalRequest {
  shop: string;
  url: URL;
  now: Date;
  deps: PortalAuthDeps;
  /** The visitor's IP (X-Forwarded-For, as the proxy forwarded it) and user agent: hashed onto portal sessions. */
  visitor: PortalVisitor;
  /** Null when the shop has not installed Affable (or uninstalled it). */
  portalShop: PortalShop | null;
  frame: PortalFrame;
  /** Answers with HTML that Shopify renders inside the theme's layout; never cached (it is personal). */
  respond(body: string, status?: number, headers?: Record<string, string>): Response;
}

export async function openPortalRequest(request: Request): Promise<PortalRequest> {
  const { liquid } = await authenticateAppProxy(request);
  const url = new URL(request.url);
  const shop = url.searchParams.get("shop") ?? "";
  const prefixParam = url.searchParams.get("path_prefix") ?? "";
  const prefix = PATH_PREFIX.test(prefixParam) ? prefixParam : DEFAULT_PREFIX;
  const now = new Date();
  const portalShop = await loadPortalShop(db, shop);
  return {
    shop,
    url,
    now,
    deps: { db, secret: env().SHOPIFY_API_SECRET, now },
    visitor: { ip: readClientIp(request.headers), userAgent: request.headers.get("User-Agent") },
    portalShop,
    frame: { prefix, shopName: portalShop?.name ?? "This store", signedIn: "none" },
    respond: (body, status = 200, headers = {}) => respondWithLiquid(liquid, body, status, headers),
  };
}

/**
 * Personal pages: never cached, and no Referer from them (a portal page's URL is nobody else's business; the page
 * repeats it as a meta tag where the proxy does not pass the header on).
 */
function respondWithLiquid(liquid: Liquid, body: string, status: number, headers: Record<string, string>): Response {
  return liquid(body, { status, headers: { ...headers, "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } });
}

/**
 * The email sign-in session the portal's script posted (form field portal_session), or null. Only a POST body is
 * read: a session in the URL is refused by design (URLs reach logs, history and Referer).
 */
export async function readPostedPortalSession(request: Request): Promise<string | null> {
  if (request.method !== "POST") return null;
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) return null;
  const value = (await request.formData()).get("portal_session");
  return typeof value === "string" && value.length <= 200 ? value : null;
}

export function respondProgramUnavailable(portal: PortalRequest): Response {
  return portal.respond(
    renderPortalMessage(portal.frame, { title: "Creator program", message: "The creator program is not available on this store right now. Please check back later." }),
    404,
  );
}

/** Who is signed in: the portal session the script posted (email sign-in), or the store customer Shopify names. */
export function identifyPortalVisitor(portal: PortalRequest, portalSession: string | null): Promise<PortalIdentity> {
  return resolvePortalIdentity(portal.deps, {
    shop: portal.shop,
    loggedInCustomerId: portal.url.searchParams.get("logged_in_customer_id"),
    portalSession,
    visitor: portal.visitor,
    readCustomerEmail: async (customerGid) => {
      try {
        const { admin } = await unauthenticated.admin(portal.shop);
        return await readCustomerEmail(admin, customerGid);
      } catch (error) {
        // The visitor then sees "not a creator yet" with the email sign-in; the cause is logged for the merchant.
        console.warn(`Creator portal: could not read customer ${customerGid} of ${portal.shop}:`, error);
        return null;
      }
    },
  });
}

/**
 * A signed-in creator's page; `newSession` hands a session just started by an email sign-in to the portal's script,
 * and `deviceId` the browser's `affable_device` id (kept, or renewed for another 400 days).
 */
export async function renderCreatorPage(
  portal: PortalRequest,
  shop: PortalShop,
  identity: Extract<PortalIdentity, { kind: "creator" }>,
  page: PortalPage,
  newSession?: string,
  deviceId?: string,
): Promise<string> {
  const frame: PortalFrame = { ...portal.frame, signedIn: identity.via, ...(newSession ? { newSession } : {}), ...(deviceId ? { deviceId } : {}) };
  const { creator } = identity;
  switch (page) {
    case "":
      return renderPortalOverview(frame, await loadPortalOverview(db, shop, creator, portal.now));
    case "links":
      return renderPortalLinks(frame, await loadPortalLinks(db, shop, creator));
    case "orders":
      return renderPortalOrders(frame, await loadPortalOrders(db, shop, creator));
    case "payouts":
      return renderPortalPayoutHistory(frame, { creatorName: creator.name, payouts: await loadPortalPayoutHistory(db, shop, creator) });
    case "payout-details":
      return renderPayoutDetailsPage(frame, { shop, creator, now: portal.now, secret: portal.deps.secret });
    case "tax":
      return renderTaxPage(frame, { shop, creator, now: portal.now, secret: portal.deps.secret });
    case "assets":
      return renderPortalAssets(frame, await loadPortalAssets(db, shop, creator));
  }
}

const NOT_ACTIVE_MESSAGES: Record<string, string> = {
  applied: "Thanks for applying! The shop is reviewing your application; you will get an email when it is decided.",
  invited: "You have been invited to the creator program. Reply to the invitation email to accept it.",
  rejected: "Your creator account is not active. Contact the shop if you think this is a mistake.",
};

/**
 * One portal page: GET /proxy/portal[/page] (a store customer, or anyone else: then the sign-in page, which the
 * portal's script replaces with the page itself when the browser holds a session), or POST with portal_session (what
 * the script sends): the page for a signed-in creator, else what to do next.
 */
export async function servePortalPage(request: Request, page: PortalPage): Promise<Response> {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  const shop = portal.portalShop;
  const identity = await identifyPortalVisitor(portal, await readPostedPortalSession(request));
  return respondToPortalVisitor(portal, identity, (creator) => renderCreatorPage(portal, shop, creator, page));
}

/**
 * The answer to a portal visitor: `renderForCreator` for a signed-in creator, else the sign-in page (which the
 * portal's script replaces with the page itself when the browser holds a session) or what to do next.
 */
export async function respondToPortalVisitor(
  portal: PortalRequest,
  identity: PortalIdentity,
  renderForCreator: (identity: Extract<PortalIdentity, { kind: "creator" }>) => Promise<string | Response>,
): Promise<Response> {
  switch (identity.kind) {
    case "creator": {
      const rendered = await renderForCreator(identity);
      return typeof rendered === "string" ? portal.respond(rendered) : rendered;
    }
    case "anonymous":
      return portal.respond(
        renderPortalSignIn(
          { ...portal.frame, resumeSession: !identity.sessionExpired },
          { notice: identity.sessionExpired ? "Your sign-in has ended (signed out, or unused for too long). Sign in again below." : null, email: "" },
        ),
        identity.sessionExpired ? 401 : 200,
      );
    case "not_creator":
      return portal.respond(
        // resumeSession: a creator signed in to the store under another address may hold an email sign-in session.
        renderPortalMessage(
          { ...portal.frame, resumeSession: true },
          {
            title: "Not a creator yet",
            message:
              "You are signed in to the store, but this account is not linked to a creator. Creators: the store account needs the email you registered with, verified by the store; or sign in with a link sent to that email. Not a creator yet? You can apply from the sign-in page.",
            link: { href: `${portal.frame.prefix}/portal/sign-in`, label: "Get a sign-in link by email" },
          },
        ),
        403,
      );
    case "not_active":
      return portal.respond(
        renderPortalMessage(portal.frame, {
          title: "Creator program",
          message: NOT_ACTIVE_MESSAGES[identity.status] ?? NOT_ACTIVE_MESSAGES.rejected ?? "",
          link: { href: buildPortalHref(portal.frame, ""), label: "Back" },
        }),
        403,
      );
  }
}
