import type { LoaderFunctionArgs } from "@remix-run/node";
import { EmptyStatePage } from "../components/empty-state-page";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function CreatorsPage() {
  return (
    <EmptyStatePage title="Creators" heading="Recruit the creators who will sell for you" action={{ content: "Review program settings", url: "/app/settings" }}>
      Add creators one by one or import a CSV. Each approved creator gets a Shopify discount code and a referral link to share with their audience.
    </EmptyStatePage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Creators" />;
}
