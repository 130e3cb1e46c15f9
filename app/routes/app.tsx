import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { env } from "../env.server";
import { recordStaffVisit } from "../services/staff/record-staff-visit.server";
import { readSessionTokenText, readShopifyStaffIdentity } from "../shopify/read-account-owner.server";
import { readStaffUserId } from "../shopify/read-staff-actor.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  // Every admin page passes through this layout loader (also after each action): the one place staff are recorded.
  const userId = readStaffUserId(context);
  const config = env();
  if (userId !== null) {
    const sessionToken = readSessionTokenText(request);
    await recordStaffVisit(db, context.session.shop, userId, new Date(), {
      ...(sessionToken === null
        ? {}
        : { identify: () => readShopifyStaffIdentity(context.session.shop, sessionToken, { apiKey: config.SHOPIFY_API_KEY, apiSecret: config.SHOPIFY_API_SECRET }) }),
      onLookupError: (error) => console.warn(`Could not ask Shopify who the account owner is (first-seen rule used): ${error instanceof Error ? error.message : String(error)}`),
    });
  }
  return { apiKey: config.SHOPIFY_API_KEY, appBridgeUrl: config.APP_BRIDGE_URL ?? null };
};

export default function AppLayout() {
  const { apiKey, appBridgeUrl } = useLoaderData<typeof loader>();
  return (
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(appBridgeUrl ? { __APP_BRIDGE_URL: appBridgeUrl } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Dashboard
        </Link>
        <Link to="/app/orders">Orders</Link>
        <Link to="/app/creators">Creators</Link>
        <Link to="/app/commissions">Commissions</Link>
        <Link to="/app/payouts">Payouts</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/settings/payouts">Payout settings</Link>
        <Link to="/app/settings/staff">Staff</Link>
        <Link to="/app/tax-report">Tax report</Link>
        <Link to="/app/developers">Developers</Link>
        <Link to="/app/sync-health">Sync health</Link>
        <Link to="/app/privacy">Privacy</Link>
      </NavMenu>
      <Outlet />
    </AppProvider>
  );
}

// Shopify's boundary turns the library's auth responses (bounce, reauthorize) into what App Bridge expects;
// any other error goes on to the route or root boundary, which says what to do next.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
