// Settings › PayPal (/app/settings/paypal): connect the merchant's PayPal REST app for payouts. The `_` keeps it out
// of the Settings page's layout (that page has no <Outlet/>).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import { Layout, Page } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { PaypalConnectionCard } from "../components/paypal-connection-card";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import { documentTitle } from "../components/document-title";
import db from "../db.server";
import { formatShopDateTime } from "../domain/reporting";
import { readShopTimeZone } from "../services/read-shop-time-zone.server";
import { connectPaypal, disconnectPaypal, loadPaypalConnection } from "../services/payouts/paypal/connect-paypal.server";
import { readStaffActor } from "../shopify/read-staff-actor.server";
import { authenticate } from "../shopify.server";

export const meta: MetaFunction = () => documentTitle("PayPal");

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [connection, timeZone] = await Promise.all([loadPaypalConnection(db, session.shop), readShopTimeZone(db, session.shop)]);
  return { connection: { ...connection, connectedAt: connection.connectedAt ? formatShopDateTime(connection.connectedAt, timeZone) : null } };
};

type ActionData =
  | { ok: true; intent: "connect" | "disconnect" }
  | { ok: false; errors: Partial<Record<"environment" | "clientId" | "clientSecret" | "form", string>> };

export const action = async ({ request }: ActionFunctionArgs): Promise<ActionData> => {
  const context = await authenticate.admin(request);
  const shop = context.session.shop;
  const actor = readStaffActor(context);
  const form = Object.fromEntries(await request.formData());
  if (form.intent === "disconnect") {
    await disconnectPaypal(db, { shop, actor });
    return { ok: true, intent: "disconnect" };
  }
  const result = await connectPaypal(db, { shop, actor, form, now: new Date() });
  // The connection (never the secret) is read again by the loader.
  return result.ok ? { ok: true, intent: "connect" } : result;
};

export default function PaypalSettingsPage() {
  const { connection } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<ActionData>();
  const shopify = useAppBridge();
  // Each successful save remounts the card (React's "reset state with a key"): the typed secret is dropped.
  const [saved, setSaved] = useState<{ count: number; answer: ActionData | undefined }>({ count: 0, answer: undefined });
  if (fetcher.state === "idle" && fetcher.data?.ok && fetcher.data !== saved.answer) setSaved({ count: saved.count + 1, answer: fetcher.data });

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show(fetcher.data.intent === "connect" ? "PayPal connected" : "PayPal disconnected");
  }, [fetcher.state, fetcher.data, shopify]);

  return (
    <Page title="PayPal" backAction={{ content: "Settings", url: "/app/settings" }}>
      <Layout>
        <Layout.Section>
          <PaypalConnectionCard
            key={saved.count}
            connection={connection}
            errors={fetcher.data && !fetcher.data.ok ? fetcher.data.errors : {}}
            saving={fetcher.state !== "idle"}
            onConnect={(values) => fetcher.submit({ intent: "connect", ...values }, { method: "post" })}
            onDisconnect={() => fetcher.submit({ intent: "disconnect" }, { method: "post" })}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="PayPal" />;
}
