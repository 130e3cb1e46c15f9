import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { authenticate } from "../shopify.server";
import db from "../db.server";
import { env } from "../env.server";
import { recordStaffFromRequest } from "../services/staff/record-staff-from-request.server";
import { countOpenRiskFlags } from "../services/fraud/risk-queue.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const context = await authenticate.admin(request);
  // Every admin page passes through this layout loader (also after each action): staff are recorded here.
  // The open-flag count is one index-only count (RiskFlag shop, status, lastSeenAt) beside the staff upsert.
  const [openRiskFlags] = await Promise.all([countOpenRiskFlags(db, context.session.shop), recordStaffFromRequest(db, request, context)]);
  const config = env();
  return { apiKey: config.SHOPIFY_API_KEY, appBridgeUrl: config.APP_BRIDGE_URL ?? null, openRiskFlags };
};

export default function AppLayout() {
  const { apiKey, appBridgeUrl, openRiskFlags } = useLoaderData<typeof loader>();
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
        {/* App Bridge's menu shows text only: the open flags are counted in the label. */}
        <Link to="/app/risk">{openRiskFlags > 0 ? `Risk (${openRiskFlags} open)` : "Risk"}</Link>
        <Link to="/app/settings">Settings</Link>
        <Link to="/app/settings/payouts">Payout settings</Link>
        <Link to="/app/settings/staff">Staff</Link>
        <Link to="/app/settings/fraud">Fraud settings</Link>
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
