/**
 * The risk pages rendered on the server with loader-shaped data (no browser, no Shopify): each page shows its parts
 * and words. (A Playwright-free render check; the loaders' and actions' data are tested on PostgreSQL in
 * app/services/fraud/*.integration.test.ts, and axe runs on the pages in tests/e2e/accessibility.spec.ts.) Integration
 * project: importing a route module opens the app's database.
 */
import { AppProvider } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "../../tests/support/app-test-harness";
import { useTestAppEnvironment } from "../../tests/support/webhook-requests";

const postgresUrl = inject("postgresUrl");

async function renderRoute(Component: ComponentType, data: object, url = "http://app.test/app/x"): Promise<string> {
  const routes = [{ id: "page", path: "*", loader: () => data as Record<string, unknown>, element: createElement(Component) }];
  const handler = createStaticHandler(routes);
  const context = await handler.query(new Request(url));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const router = createStaticRouter(handler.dataRoutes, context);
  return renderToString(createElement(AppProvider, { i18n: en }, createElement(StaticRouterProvider, { router, context, hydrate: false })));
}

describe.skipIf(postgresUrl === null)("risk pages render", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "risk_pages_render");
    useTestAppEnvironment(created.url, "test-secret");
    await created.db.$disconnect();
  });

  it("the queue", async () => {
    const { default: Page } = await import("./app.risk._index");
    const html = await renderRoute(Page, {
      filters: { status: "open", rule: "", severity: "" },
      scan: { state: "running", text: "The nightly scan is running: 10 of 40 creators checked (25 %).", creatorsDone: 10, creatorsTotal: 40, percent: 25, manual: false },
      queue: {
        rows: [{ id: "f1", creatorId: "c1", creatorName: "Amelia", rule: "self_referral", ruleTitle: "Self-referral", severity: "high", status: "open", action: "hold", summary: "The customer's email matches Amelia's own.", held: "$12.50 (1 commission)", occurrences: 2, lastSeenAt: "Dec 7, 2026, 7:00 AM EST" }],
        nextCursor: "2026-12-07T12:00:00.000Z~f1",
        previousCursor: null,
        countsByRule: [{ rule: "self_referral", title: "Self-referral", count: 1 }, { rule: "velocity", title: "Velocity", count: 0 }],
        total: 1,
      },
    });
    expect(html).toContain("The nightly scan is running: 10 of 40 creators checked (25 %).");
    expect(html).toContain("Self-referral (1)");
    expect(html).toContain("High risk");
    expect(html).toContain("$12.50 (1 commission)");
    expect(html).toContain("The customer&#x27;s email matches Amelia&#x27;s own.");
    expect(html).toContain("Seen 2 times.");
    expect(html).toContain('href="/app/risk/f1"');
    expect(html).toContain("Scan now");
  });

  it("the flag page", async () => {
    const { default: Page } = await import("./app.risk.$flagId");
    const html = await renderRoute(Page, {
      flag: { id: "f1", version: 3, rule: "velocity", ruleTitle: "Velocity", severity: "medium", status: "open", action: "hold", summary: "31 orders on Dec 6 against a usual 4.", firstSeenAt: "Dec 7, 2026, 7:00 AM EST", lastSeenAt: "Dec 7, 2026, 7:00 AM EST", occurrences: 1, decidedBy: null, decidedAt: null, decisionReason: null, held: "$40.00 (3 commissions)" },
      creator: { id: "c1", name: "Amelia", status: "approved", exists: true, activeCodes: 1 },
      facts: [{ label: "Weekday", value: "Sunday" }],
      compared: [{ metric: "Orders on the day", unit: "robust z-score", observed: "z 9.5", baseline: "z 0", threshold: "z 6", over: true }],
      orders: [{ key: "o1", label: "#1001", url: "/app/orders/a1", placedAt: "Dec 6, 2026, 1:00 PM EST", note: "One of the day's orders" }],
      clicks: [{ key: "k1", at: "Dec 6, 2026, 12:59 PM EST", visitor: "Visitor abcdef01", note: "Burst" }],
      series: { label: "Orders per day", unit: "count", currency: "USD", hasBaseline: true, chart: [{ label: "Dec 6, 2026", value: 31, baseline: 4 }], rows: [{ day: "Dec 6, 2026", value: "31", baseline: "4" }] },
      relatedCreators: [{ id: "c2", name: "Bruno", exists: true }],
      suggestion: "Ask Amelia where the orders came from.",
      commissions: [{ id: "m1", orderLabel: "#1001", orderUrl: "/app/orders/a1", status: "on_hold", amount: "$12.00", held: true, clawedBack: false }],
      commissionCount: 1,
      history: [{ id: "h1", at: "Dec 7, 2026, 7:00 AM EST", actor: "Affable's fraud rules", what: "Flagged by a fraud rule", reason: "31 orders" }],
    });
    for (const text of ["The numbers compared", "z 9.5", "Orders per day", "Visitor abcdef01", "Ask Amelia where the orders came from.", "Holding $40.00 (3 commissions): not paid until you decide.", "Flagged by a fraud rule", "Related creators", "Dismiss", "Rotate code", "Pause creator"]) {
      expect(html, text).toContain(text.replace(/'/g, "&#x27;"));
    }
    expect(html).toContain('href="/app/orders/a1"');
    expect(html).toContain('href="/app/creators/c2"');
  });

  it("Settings › Fraud", async () => {
    const { default: Page } = await import("./app.settings.fraud");
    const html = await renderRoute(Page, {
      rules: [
        {
          id: "velocity",
          title: "Velocity",
          description: "Flag a day whose orders or revenue are more than 6 robust deviations above the creator's usual.",
          enabled: true,
          action: "flag",
          threshold: { name: "velocity.threshold", label: "Robust z-score", unit: "z", value: "6", min: 1, max: 100, step: 0.5 },
          fields: [
            { key: "windowDays", name: "velocity.windowDays", label: "Window (days)", help: null, kind: "number", value: "3", min: 1, max: 31, step: 1 },
            { key: "x", name: "velocity.x", label: "A switch", help: null, kind: "boolean", value: true },
          ],
        },
      ],
      couponSites: "dealsite.com",
      builtInCouponSites: 48,
      paidSearchForbidden: true,
      version: 2,
      savedAt: "Dec 7, 2026, 7:00 AM EST",
    });
    for (const text of ["Creators may not run paid search or paid ads with their links", "Affable already knows 48 coupon", "dealsite.com", "Velocity", "Robust z-score", "Window (days)", "A switch", "Check for velocity", "Last saved Dec 7, 2026, 7:00 AM EST."]) {
      expect(html, text).toContain(text);
    }
  });
});
