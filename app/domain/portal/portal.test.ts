import { describe, expect, it } from "vitest";
import { computePortalMetrics } from "./compute-portal-metrics";
import { judgePortalSession, portalSessionExpiry, PORTAL_SESSION_ABSOLUTE_DAYS, PORTAL_SESSION_IDLE_DAYS } from "./judge-portal-session";
import { summarizeEarnings } from "./summarize-earnings";

describe("computePortalMetrics: link conversion = link orders ÷ link clicks; earnings per click from link orders only", () => {
  const usd = (amountMinor: bigint) => ({ amountMinor, currency: "USD" });
  it.each([
    { label: "no clicks", clicks: 0, linkOrders: 0, codeOrders: 3, linkEarned: 0n, rate: "—", epc: null },
    { label: "3 of 200", clicks: 200, linkOrders: 3, codeOrders: 0, linkEarned: 4_500n, rate: "1.5%", epc: 22n }, // 22.5 → 22 (half-even)
    { label: "ties round half-even", clicks: 8, linkOrders: 1, codeOrders: 0, linkEarned: 100n, rate: "12.5%", epc: 12n }, // 12.5 → 12
    // The defect: 1 link order + 4 code orders over 2 clicks read 250% and $5.00 per click.
    { label: "code orders are not conversions of clicks", clicks: 2, linkOrders: 1, codeOrders: 4, linkEarned: 300n, rate: "50.0%", epc: 150n },
    { label: "only code orders", clicks: 10, linkOrders: 0, codeOrders: 5, linkEarned: 0n, rate: "0.0%", epc: 0n },
    { label: "rounding the rate", clicks: 3, linkOrders: 1, codeOrders: 0, linkEarned: 0n, rate: "33.3%", epc: 0n },
  ])("$label", ({ clicks, linkOrders, codeOrders, linkEarned, rate, epc }) => {
    const metrics = computePortalMetrics({ clicks, linkOrders, codeOrders, linkEarned: usd(linkEarned) });
    expect(metrics.conversionRateText).toBe(rate);
    expect(metrics.earningsPerClick?.amountMinor ?? null).toBe(epc);
    expect(metrics.codeOrders).toBe(codeOrders);
  });
});

describe("judgePortalSession", () => {
  const signedIn = new Date("2026-11-20T12:00:00Z");
  const days = (count: number) => new Date(signedIn.getTime() + count * 86_400_000);
  const session = (fields: { lastSeenAt?: Date; revokedAt?: Date | null } = {}) => ({
    lastSeenAt: fields.lastSeenAt ?? signedIn,
    expiresAt: portalSessionExpiry(signedIn),
    revokedAt: fields.revokedAt ?? null,
  });
  it.each([
    { label: "just signed in", input: session(), now: signedIn, verdict: "active" },
    { label: "a moment before the idle limit", input: session(), now: new Date(days(PORTAL_SESSION_IDLE_DAYS).getTime() - 1), verdict: "active" },
    { label: "at the idle limit", input: session(), now: days(PORTAL_SESSION_IDLE_DAYS), verdict: "idle" },
    { label: "used yesterday, near the absolute limit", input: session({ lastSeenAt: days(PORTAL_SESSION_ABSOLUTE_DAYS - 1) }), now: days(PORTAL_SESSION_ABSOLUTE_DAYS - 0.5), verdict: "active" },
    { label: "used yesterday, at the absolute limit", input: session({ lastSeenAt: days(PORTAL_SESSION_ABSOLUTE_DAYS - 1) }), now: days(PORTAL_SESSION_ABSOLUTE_DAYS), verdict: "expired" },
    { label: "signed out", input: session({ revokedAt: days(1) }), now: days(1), verdict: "revoked" },
  ])("$label → $verdict", ({ input, now, verdict }) => expect(judgePortalSession(input, now)).toBe(verdict));
});

describe("summarizeEarnings", () => {
  it.each([
    { label: "nothing yet", rows: [], expected: { pendingMinor: 0n, approvedMinor: 0n, paidMinor: 0n } },
    {
      label: "one of each",
      rows: [
        { status: "pending", netMinor: 1_500n, paidMinor: 0n },
        { status: "on_hold", netMinor: 300n, paidMinor: 0n },
        { status: "approved", netMinor: 9_900n, paidMinor: 0n },
        { status: "paid", netMinor: 700n, paidMinor: 700n },
      ],
      expected: { pendingMinor: 1_800n, approvedMinor: 9_900n, paidMinor: 700n },
    },
    {
      label: "approved and part-paid, reversed after a payment",
      rows: [
        { status: "approved", netMinor: 1_000n, paidMinor: 400n },
        { status: "reversed", netMinor: 0n, paidMinor: 250n },
      ],
      expected: { pendingMinor: 0n, approvedMinor: 600n, paidMinor: 650n },
    },
    { label: "null sums", rows: [{ status: "pending", netMinor: null, paidMinor: null }], expected: { pendingMinor: 0n, approvedMinor: 0n, paidMinor: 0n } },
  ])("$label", ({ rows, expected }) => expect(summarizeEarnings(rows)).toEqual(expected));
});
