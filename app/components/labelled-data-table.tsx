import { DataTable, type DataTableProps } from "@shopify/polaris";
import { useEffect, useRef, type ReactNode } from "react";

/**
 * Polaris DataTable whose sideways-scrolling box can be reached and read by keyboard and screen reader users:
 * DataTable renders that box without a tab stop or a name (axe-core: scrollable-region-focusable), and offers no
 * prop for either, so they are set on its element once it is on the page.
 */
export function LabelledDataTable({ label, ...props }: DataTableProps & { label: string }) {
  const wrapper = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const scroller = wrapper.current?.querySelector(".Polaris-DataTable__ScrollContainer");
    if (!scroller) return;
    scroller.setAttribute("tabindex", "0");
    scroller.setAttribute("role", "region");
    scroller.setAttribute("aria-label", label);
  }, [label]);
  return (
    <div ref={wrapper}>
      <DataTable {...props} />
    </div>
  );
}

/**
 * A table cell of prose (a reason, a note, an error) that wraps onto more lines instead of widening the table:
 * Polaris table cells never wrap, so one long sentence pushes the columns after it out of view.
 */
export function WrappingCell({ children, minWidth = "12rem" }: { children: ReactNode; minWidth?: string }) {
  return <div style={{ whiteSpace: "normal", overflowWrap: "anywhere", minWidth, maxWidth: "32rem" }}>{children}</div>;
}
