import { SkeletonBodyText, Text } from "@shopify/polaris";
import { PolarisVizProvider } from "@shopify/polaris-viz";
import { useSyncExternalStore, type ReactNode } from "react";

const subscribeToNothing = () => () => undefined;

/** Keeps the drawn chart out of the accessibility tree and out of the tab order (React 18 has no `inert` prop). */
const makeInert = (node: HTMLDivElement | null) => node?.setAttribute("inert", "");

/**
 * A polaris-viz chart that renders in the browser only. polaris-viz reads `navigator` and measures the DOM while
 * rendering, so it throws under server rendering: the server (and the hydrating first render, so both match) shows
 * a skeleton; React re-renders with the chart as soon as the page is hydrated. The page must also load
 * "@shopify/polaris-viz/build/esm/styles.css" (a route `links` entry).
 *
 * Accessibility: polaris-viz's SVG uses ARIA roles without their required children and dozens of unnamed
 * `role="img"` marks (axe-core: aria-required-children, svg-img-alt), so the drawing is hidden from assistive
 * technology and the figure is named by `label` and described in words by `description` instead.
 */
export function ClientOnlyChart({ height, testId, skeletonLines = 6, label, description, children }: {
  height: number;
  testId?: string;
  skeletonLines?: number;
  /** What the chart shows, e.g. "Attributed revenue and commission per day". */
  label: string;
  /** The chart in a sentence for people who cannot see it; say where the exact figures are on the page. */
  description: string;
  children: () => ReactNode;
}) {
  const hydrated = useSyncExternalStore(subscribeToNothing, () => true, () => false);
  if (!hydrated) return <SkeletonBodyText lines={skeletonLines} />;
  return (
    <PolarisVizProvider>
      <figure role="figure" aria-label={label} style={{ margin: 0 }} data-testid={testId}>
        <div style={{ height }} aria-hidden="true" ref={makeInert}>
          {children()}
        </div>
        <figcaption>
          <Text as="span" visuallyHidden>
            {description}
          </Text>
        </figcaption>
      </figure>
    </PolarisVizProvider>
  );
}
