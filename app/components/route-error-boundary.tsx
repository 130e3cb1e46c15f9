import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page, Text } from "@shopify/polaris";

function describe(error: unknown): { status: number; message: string } {
  if (isRouteErrorResponse(error)) {
    const message = typeof error.data === "string" && error.data ? error.data : error.statusText;
    return { status: error.status, message };
  }
  if (error instanceof Error) return { status: 500, message: error.message };
  return { status: 500, message: "Unknown error" };
}

/** A page-level error inside the admin: keeps the navigation, says what failed and what to try next. */
export function RouteErrorBoundary({ title }: { title: string }) {
  const { status, message } = describe(useRouteError());
  const nextStep =
    status === 404
      ? "Check the link, or pick a page from the menu."
      : "Reload the page. If it keeps failing, check Settings › Sync health or contact support with the time of the error.";
  return (
    <Page title={title}>
      <Banner tone="critical" title={`${title} could not load (${status})`}>
        <Text as="p">{message}</Text>
        <Text as="p">{nextStep}</Text>
      </Banner>
    </Page>
  );
}
