/** The risk cards of the order and creator pages, rendered to HTML (no browser): what a merchant reads. */
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import type { ReactNode } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router-dom";
import { describe, expect, it } from "vitest";
import { CreatorRiskHistoryCard } from "./creator-risk-history-card";
import { RiskChecksCard, type RiskCheckRow } from "./risk-checks-card";

const render = (node: ReactNode) =>
  renderToStaticMarkup(
    <MemoryRouter>
      <AppProvider i18n={en}>{node}</AppProvider>
    </MemoryRouter>,
  );

const CHECKS: RiskCheckRow[] = [
  { rule: "self_referral", ruleTitle: "Self-referral", verdict: "flag", severity: "high", summary: "The customer's email matches Amelia's own.", flagUrl: "/app/risk/f1", checkedAt: "Dec 7, 2026, 7:00 AM EST" },
  { rule: "paid_traffic", ruleTitle: "Paid traffic on the brand", verdict: "pass", severity: null, summary: "No ad click id on the landing page.", flagUrl: null, checkedAt: "Dec 7, 2026, 7:00 AM EST" },
  { rule: "leaked_code", ruleTitle: "Leaked code", verdict: "error", severity: null, summary: "The rule failed on this order (boom).", flagUrl: null, checkedAt: "Dec 7, 2026, 7:00 AM EST" },
];

describe("RiskChecksCard", () => {
  it("lists every rule with its verdict and words, links a flag, says a failed rule did not stop the order", () => {
    const html = render(<RiskChecksCard checks={CHECKS} canRecheck rechecking={false} onRecheck={() => undefined} />);
    expect(html).toContain("Risk checks");
    expect(html).toContain("Flagged");
    expect(html).toContain("High risk");
    expect(html).toContain("Passed");
    expect(html).toContain("Rule failed");
    expect(html).toContain('href="/app/risk/f1"');
    expect(html).toContain("Open the self-referral flag");
    expect(html).toContain("One rule failed on this order; the order was processed without it.");
    expect(html).toContain("Re-check");
  });

  it("says why nothing is listed, and offers no re-check for an order without a creator", () => {
    expect(render(<RiskChecksCard checks={[]} canRecheck rechecking={false} onRecheck={() => undefined} />)).toContain("Choose “Re-check” to run them now.");
    const html = render(<RiskChecksCard checks={[]} canRecheck={false} rechecking={false} onRecheck={() => undefined} />);
    expect(html).toContain("it has no creator to check");
    expect(html).not.toContain("Re-check this order");
  });
});

describe("CreatorRiskHistoryCard", () => {
  it("shows each flag with severity, status and the decision, and a count of open ones", () => {
    const html = render(
      <CreatorRiskHistoryCard
        risk={{
          total: 2,
          open: 1,
          flags: [
            { id: "a", url: "/app/risk/a", ruleTitle: "Velocity", severity: "low", status: "open", summary: "31 orders on Dec 6.", firstSeenAt: "Dec 7, 2026, 7:00 AM EST", decision: null },
            { id: "b", url: "/app/risk/b", ruleTitle: "Self-referral", severity: "high", status: "released", summary: "Bought with her own code.", firstSeenAt: "Dec 1, 2026, 7:00 AM EST", decision: "You, Dec 2, 2026, 9:00 AM EST: “Checked”" },
          ],
        }}
      />,
    );
    expect(html).toContain("1 open");
    expect(html).toContain('href="/app/risk/a"');
    expect(html).toContain("Low risk");
    expect(html).toContain("Released by You, Dec 2, 2026, 9:00 AM EST: “Checked”");
    expect(render(<CreatorRiskHistoryCard risk={{ total: 0, open: 0, flags: [] }} />)).toContain("No fraud rule has flagged this creator.");
  });
});
