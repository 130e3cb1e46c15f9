import { describe, expect, it } from "vitest";
import { escapeHtml } from "../html/escape-html";
import { renderDailyChartSvg } from "./render-daily-chart-svg";
import { buildPortalHref } from "./render-portal-layout";
import { renderPortalOrders } from "./render-portal-pages";
import { buildCustomerSignInHref, renderPortalSignIn } from "./render-portal-sign-in";

describe("escapeHtml", () => {
  it.each([
    { input: "Amelia & Co", output: "Amelia &amp; Co" },
    { input: '<img src=x onerror="alert(1)">', output: "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" },
    { input: "{{ shop.metafields.secret }}", output: "&#123;&#123; shop.metafields.secret &#125;&#125;" },
    { input: "{% layout none %}", output: "&#123;&#37; layout none &#37;&#125;" },
    { input: 42, output: "42" },
  ])("$input", ({ input, output }) => expect(escapeHtml(input)).toBe(output));
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
  it("never puts a session in a link, offers sign out to an email session, and escapes every value", () => {
    const frame = { prefix: "/apps/affable", shopName: "Alpha {{ Goods }}", signedIn: "session" as const, newSession: "new-session-id" };
    expect(buildPortalHref(frame, "orders")).toBe("/apps/affable/portal/orders");
    expect(buildPortalHref(frame, "", { page: "2" })).toBe("/apps/affable/portal?page=2");
    const html = renderPortalOrders(frame, {
      creatorName: "<b>Amelia</b>",
      orders: [{ name: "#1001", date: "2026-11-01", amountText: "$100.00", commissionText: "$10.00", status: "Pending" }],
    });
    expect(html).toContain('href="/apps/affable/portal/payouts"');
    expect(html).toContain('data-affable-new-session="new-session-id"');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain('action="/apps/affable/portal/sign-out"');
    expect(html).not.toMatch(/href="[^"]*new-session-id/);
    expect(html).toContain("&lt;b&gt;Amelia&lt;/b&gt;");
    expect(html).not.toContain("{{");
    expect(html).not.toContain("{%");
  });
});


describe("portal sign-in page", () => {
  it("leads with the store's customer account sign-in, coming back to the portal under the proxy's own prefix", () => {
    const frame = { prefix: "/tools/creators", shopName: "Alpha", resumeSession: true };
    expect(buildCustomerSignInHref(frame)).toBe("/account/login?return_url=%2Ftools%2Fcreators%2Fportal");
    const html = renderPortalSignIn(frame, { notice: null, email: "" });
    expect(html.indexOf("/account/login")).toBeLessThan(html.indexOf("sign-in link by email"));
    expect(html).toContain('action="/tools/creators/portal/sign-in"');
    expect(html).toContain("data-affable-resume");
    expect(html).not.toContain("{{");
    expect(html).not.toContain("{%");
  });
});
