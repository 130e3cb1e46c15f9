import type { LoaderFunctionArgs } from "@remix-run/node";
import { EmptyStatePage } from "../components/empty-state-page";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function CommissionsPage() {
  return (
    <EmptyStatePage title="Commissions" heading="No commissions yet" action={{ content: "Add a creator", url: "/app/creators" }}>
      When an order uses a creator's code or link, its commission appears here as pending until the return window closes. Then you approve it for payout.
    </EmptyStatePage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Commissions" />;
}
