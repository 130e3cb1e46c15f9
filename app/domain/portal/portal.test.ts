import { describe, expect, it } from "vitest";
import { computePortalMetrics } from "./compute-portal-metrics";
import { escapeLiquidHtml } from "./escape-liquid-html";
import { signPortalSession, verifyPortalSession } from "./portal-session-token";
import { renderDailyChartSvg } from "./render-daily-chart-svg";
import { buildPortalHref } from "./render-portal-layout";
import { renderPortalOrders } from "./render-portal-pages";
import { summarizeEarnings } from "./summarize-earnings";

describe("escapeLiquidHtml", () => {
  it.each([
    { input: "Amelia & Co", output: "Amelia &amp; Co" },
    { input: '<img src=x onerror="alert(1)">', output: "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" },
    { input: "{{ shop.metafields.secret }}", output: "&#123;&#123; shop.metafields.secret &#125;&#125;" },
    { input: "{% layout none %}", output: "&#123;&#37; layout none &#37;&#125;" },
    { input: 42, output: "42" },
  ])("$input", ({ input, output }) => expect(escapeLiquidHtml(input)).toBe(output));
});

describe("computePortalMetrics", () => {
  const usd = (amountMinor: bigint) => ({ amountMinor, currency: "USD" });
  it.each([
    { label: "no clicks", clicks: 0, orders: 3, earned: 900n, rate: "—", epc: null },
    { label: "3 of 200", clicks: 200, orders: 3, earned: 4_500n, rate: "1.5%", epc: 22n }, // 22.5 → 22 (half-even)
    { label: "ties round half-even", clicks: 8, orders: 1, earned: 100n, rate: "12.5%", epc: 12n }, // 12.5 → 12
    { label: "more orders than clicks (codes)", clicks: 2, orders: 5, earned: 1_000n, rate: "250.0%", epc: 500n },
    { label: "rounding the rate", clicks: 3, orders: 1, earned: 0n, rate: "33.3%", epc: 0n },
  ])("$label", ({ clicks, orders, earned, rate, epc }) => {
    const metrics = computePortalMetrics({ clicks, orders, earned: usd(earned) });
    expect(metrics.conversionRateText).toBe(rate);
    expect(metrics.earningsPerClick?.amountMinor ?? null).toBe(epc);
  });
});

describe("portal session token", () => {
  const key = new TextEncoder().encode("k".repeat(32));
  const now = new Date("2026-11-20T12:00:00Z");
  const hoursLater = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

  it.each([
    { label: "right shop, just issued", shop: "a.myshopify.com", at: now, verifyKey: key, valid: true },
    { label: "right shop, 11 h later", shop: "a.myshopify.com", at: hoursLater(11), verifyKey: key, valid: true },
    { label: "expired after 12 h", shop: "a.myshopify.com", at: hoursLater(12), verifyKey: key, valid: false },
    { label: "another shop", shop: "b.myshopify.com", at: now, verifyKey: key, valid: false },
    { label: "another key", shop: "a.myshopify.com", at: now, verifyKey: new TextEncoder().encode("x".repeat(32)), valid: false },
  ])("$label → valid: $valid", async ({ shop, at, verifyKey, valid }) => {
    const token = await signPortalSession({ shop: "a.myshopify.com", creatorId: "creator-1" }, key, now);
    const claims = await verifyPortalSession(token, shop, verifyKey, at);
    expect(claims).toEqual(valid ? { shop: "a.myshopify.com", creatorId: "creator-1" } : null);
  });

  it("refuses garbage and an unsigned token", async () => {
    expect(await verifyPortalSession("not-a-token", "a.myshopify.com", key, now)).toBeNull();
    const unsigned = `${btoa(JSON.stringify({ alg: "none" }))}.${btoa(JSON.stringify({ sub: "creator-1", aud: "affable-portal:a.myshopify.com" }))}.`;
    expect(await verifyPortalSession(unsigned, "a.myshopify.com", key, now)).toBeNull();
  });
});

describe("renderDailyChartSvg", () => {
  it("draws a bar pair per day scaled to the busiest day, in the theme's colour", () => {
    const svg = renderDailyChartSvg(
      [
        { day: "2026-11-01", clicks: 10, orders: 1 },
        { day: "2026-11-02", clicks: 0, orders: 0 },
        { day: "2026-11-03", clicks: 5, orders: 2 },
      ],
      "Clicks and orders",
    );
    expect(svg.match(/<rect /g)).toHaveLength(6);
    expect(svg).toContain('height="110.0"'); // the busiest day fills the plot
    expect(svg).toContain("2026-11-01: 10 clicks, 1 orders");
    expect(svg).toContain("currentColor");
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it("draws an empty month without dividing by zero", () => {
    expect(renderDailyChartSvg([{ day: "2026-11-01", clicks: 0, orders: 0 }], "Empty")).not.toContain("NaN");
  });
});

describe("portal pages", () => {
  it("keeps the email session in every link and escapes every value", () => {
    const frame = { prefix: "/apps/affable", sessionToken: "tok.en.sig", shopName: "Alpha {{ Goods }}" };
    expect(buildPortalHref(frame, "orders")).toBe("/apps/affable/portal/orders?s=tok.en.sig");
    expect(buildPortalHref({ ...frame, sessionToken: null }, "")).toBe("/apps/affable/portal");
    const html = renderPortalOrders(frame, {
      creatorName: "<b>Amelia</b>",
      orders: [{ name: "#1001", date: "2026-11-01", amountText: "$100.00", commissionText: "$10.00", status: "Pending" }],
    });
    expect(html).toContain('href="/apps/affable/portal/payouts?s=tok.en.sig"');
    expect(html).toContain("&lt;b&gt;Amelia&lt;/b&gt;");
    expect(html).not.toContain("{{");
    expect(html).not.toContain("{%");
  });
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
