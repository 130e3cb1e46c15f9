import type { LoaderFunctionArgs } from "@remix-run/node";
import { EmptyStatePage } from "../components/empty-state-page";
import { RouteErrorBoundary } from "../components/route-error-boundary";
import { authenticate } from "../shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return null;
};

export default function SettingsPage() {
  return (
    <EmptyStatePage title="Settings" heading="Set up your program" action={{ content: "Add creators", url: "/app/creators" }}>
      Choose the default commission, the cookie window, whether a code or a link wins when both touch an order, and the holding period before commissions are approved.
    </EmptyStatePage>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBoundary title="Settings" />;
}
