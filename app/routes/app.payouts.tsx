import type { LoaderFunctionArgs } from "@remix-run/node";
import { EmptyStatePage } from "../components/empty-state-page";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function PayoutsPage() {
  return (
    <EmptyStatePage title="Payouts" heading="Nothing to pay yet" action={{ content: "Review commissions", url: "/app/commissions" }}>
      Approved commissions are grouped here into payouts per creator. Every payout records who paid, how and when.
    </EmptyStatePage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Payouts" />;
}
