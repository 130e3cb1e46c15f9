import { SkeletonBodyText } from "@shopify/polaris";
import { PolarisVizProvider } from "@shopify/polaris-viz";
import { useSyncExternalStore, type ReactNode } from "react";

const subscribeToNothing = () => () => undefined;

/**
 * A polaris-viz chart that renders in the browser only. polaris-viz reads `navigator` and measures the DOM while
 * rendering, so it throws under server rendering: the server (and the hydrating first render, so both match) shows
 * a skeleton; React re-renders with the chart as soon as the page is hydrated. The page must also load
 * "@shopify/polaris-viz/build/esm/styles.css" (a route `links` entry).
 */
export function ClientOnlyChart({ height, testId, skeletonLines = 6, children }: { height: number; testId?: string; skeletonLines?: number; children: () => ReactNode }) {
  const hydrated = useSyncExternalStore(subscribeToNothing, () => true, () => false);
  if (!hydrated) return <SkeletonBodyText lines={skeletonLines} />;
  return (
    <PolarisVizProvider>
      <div style={{ height }} data-testid={testId}>
        {children()}
      </div>
    </PolarisVizProvider>
  );
}
