import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, List, Text } from "@shopify/polaris";
import { EmptyStatePage } from "../components/empty-state-page";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import db from "../db.server";
import { loadShop } from "../services/sync-shop.server";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const shop = await loadShop(db, session.shop, admin);
  return { shopName: shop.name, currencyCode: shop.currencyCode };
};

export default function Dashboard() {
  const { shopName, currencyCode } = useLoaderData<typeof loader>();
  return (
    <EmptyStatePage
      title="Dashboard"
      heading={`Welcome to Affable, ${shopName}`}
      action={{ content: "Add your first creator", url: "/app/creators" }}
      secondaryAction={{ content: "Review program settings", url: "/app/settings" }}
      aside={
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingSm">
              Getting started
            </Text>
            <List type="number">
              <List.Item>Set your default commission and holding period in Settings.</List.Item>
              <List.Item>Add or approve creators; each gets a discount code and a referral link.</List.Item>
              <List.Item>Turn on the Affable app embed in your theme so links are tracked.</List.Item>
            </List>
            <Text as="p" tone="subdued">
              Commissions are kept in your store currency, {currencyCode}, to the smallest unit.
            </Text>
          </BlockStack>
        </Card>
      }
    >
      Attributed revenue, pending, approved and paid commissions and your top creators appear here once your
      creators' codes and links bring in their first orders.
    </EmptyStatePage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Dashboard" />;
}
