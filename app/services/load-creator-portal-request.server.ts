/**
 * The shared start of every creator portal request through the app proxy: Shopify's signature checked by the
 * library (authenticateAppProxy: a bad or stale signature, or a repeated parameter, is refused with 400 before anything else), the
 * shop, the storefront path prefix and who is signed in.
 */
import db from "../db.server";
import { buildPortalHref, type PortalFrame, type PortalPage } from "../domain/portal/render-portal-layout";
import { renderPortalAssets, renderPortalLinks, renderPortalOrders, renderPortalOverview, renderPortalPayouts } from "../domain/portal/render-portal-pages";
import { renderPortalMessage, renderPortalSignIn } from "../domain/portal/render-portal-sign-in";
import { env } from "../env.server";
import { readCustomerEmail } from "../shopify/read-customer-email.server";
import { authenticateAppProxy, type AppProxyContext } from "../shopify/authenticate-app-proxy.server";
import { unauthenticated } from "../shopify.server";
import { resolvePortalIdentity, type PortalAuthDeps, type PortalIdentity } from "./creator-portal-auth.server";
import {
  loadPortalAssets,
  loadPortalLinks,
  loadPortalOrders,
  loadPortalOverview,
  loadPortalPayouts,
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
  /** Null when the shop has not installed Affable (or uninstalled it). */
  portalShop: PortalShop | null;
  frame: PortalFrame;
  /** Answers with HTML that Shopify renders inside the theme's layout; never cached (it is personal). */
  respond(body: string, status?: number): Response;
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
    portalShop,
    frame: { prefix, sessionToken: null, shopName: portalShop?.name ?? "This store" },
    respond: (body, status = 200) => respondWithLiquid(liquid, body, status),
  };
}

function respondWithLiquid(liquid: Liquid, body: string, status: number): Response {
  return liquid(body, { status, headers: { "Cache-Control": "private, no-store" } });
}

export function respondProgramUnavailable(portal: PortalRequest): Response {
  return portal.respond(
    renderPortalMessage(portal.frame, { title: "Creator program", message: "The creator program is not available on this store right now. Please check back later." }),
    404,
  );
}

/** Who is signed in: the `s` session token from an email link, or the store customer Shopify names. */
export function identifyPortalVisitor(portal: PortalRequest): Promise<PortalIdentity> {
  return resolvePortalIdentity(portal.deps, {
    shop: portal.shop,
    loggedInCustomerId: portal.url.searchParams.get("logged_in_customer_id"),
    sessionToken: portal.url.searchParams.get("s"),
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

async function renderCreatorPage(portal: PortalRequest, shop: PortalShop, identity: Extract<PortalIdentity, { kind: "creator" }>, page: PortalPage): Promise<string> {
  const frame = { ...portal.frame, sessionToken: identity.sessionToken };
  const { creator } = identity;
  switch (page) {
    case "":
      return renderPortalOverview(frame, await loadPortalOverview(db, shop, creator, portal.now));
    case "links":
      return renderPortalLinks(frame, await loadPortalLinks(db, shop, creator));
    case "orders":
      return renderPortalOrders(frame, await loadPortalOrders(db, shop, creator));
    case "payouts":
      return renderPortalPayouts(frame, await loadPortalPayouts(db, shop, creator));
    case "assets":
      return renderPortalAssets(frame, await loadPortalAssets(db, shop, creator));
  }
}

const NOT_ACTIVE_MESSAGES: Record<string, string> = {
  applied: "Thanks for applying! The shop is reviewing your application; you will get an email when it is decided.",
  invited: "You have been invited to the creator program. Reply to the invitation email to accept it.",
  rejected: "Your creator account is not active. Contact the shop if you think this is a mistake.",
};

/** One portal page (GET /proxy/portal[/page]): the page for a signed-in creator, else what to do next. */
export async function servePortalPage(request: Request, page: PortalPage): Promise<Response> {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  const identity = await identifyPortalVisitor(portal);
  switch (identity.kind) {
    case "creator":
      return portal.respond(await renderCreatorPage(portal, portal.portalShop, identity, page));
    case "anonymous":
      return portal.respond(
        renderPortalSignIn(portal.frame, { notice: identity.sessionExpired ? "Your sign-in has expired. Ask for a new link below." : null, email: "" }),
        identity.sessionExpired ? 401 : 200,
      );
    case "not_creator":
      return portal.respond(
        renderPortalMessage(portal.frame, {
          title: "Not a creator yet",
          message: "You are signed in to the store, but your account is not part of the creator program.",
          link: { href: `${portal.frame.prefix}/apply`, label: "Apply to become a creator" },
        }),
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
