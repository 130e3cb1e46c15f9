import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "../fraud-settings";
import type { CreatorDay } from "../fraud-types";
import { clickSpamRule } from "./click-spam";
import { creatorHistory, dayRange, historyInput, NOW, PROGRAM, windowOrder } from "./fraud-test-fixtures";

const settings = DEFAULT_FRAUD_SETTINGS.click_spam;
const burst = (clicks: number) => ({ ipHash: "ip-x", userAgentHash: "ua-x", clicks, firstAt: new Date("2026-12-05T14:02:00Z"), lastAt: new Date("2026-12-05T14:09:00Z") });

/** Before the window (from 2026-11-23): 100 clicks and 2 link orders a day; in the window `windowDay`. */
function daysWith(windowDay: Partial<CreatorDay>): CreatorDay[] {
  return dayRange("2026-09-01", "2026-12-06", (day) => (day < "2026-11-23" ? { clicks: 100, orders: 2 } : windowDay));
}

describe("click_spam", () => {
  it("hit: a burst of 42 clicks from one device", () => {
    const linkOrder = windowOrder({ day: "2026-12-05" });
    const anna = creatorHistory({ clickBursts: [burst(42)], windowOrders: [linkOrder, windowOrder({ day: "2026-12-05", codeOnly: true, code: "ANNA10" })] });
    const [verdict, ...rest] = clickSpamRule.evaluate(historyInput([anna]), settings, NOW);
    expect(rest).toEqual([]);
    expect(verdict).toMatchObject({ rule: "click_spam", severity: "medium", patternKey: "burst:ip-x:ua-x", orderIds: [linkOrder.orderId], holdScope: "orders" });
    expect(verdict?.summary).toBe("42 clicks on Anna's links from one device (same IP address and browser) within 7 minutes, starting 2026-12-05 14:02 UTC (flag at 30 within 10).");
    expect(verdict?.evidence.clicks).toHaveLength(2);
  });

  it("near miss: a burst of 29 clicks", () => {
    expect(clickSpamRule.evaluate(historyInput([creatorHistory({ clickBursts: [burst(29)] })]), settings, NOW)).toEqual([]);
  });

  it("hit: 60 % of clicks from data centres", () => {
    const anna = creatorHistory({ windowClicks: { total: 500, fromDataCentre: 300, automated: 120 } });
    const [verdict] = clickSpamRule.evaluate(historyInput([anna]), settings, NOW);
    expect(verdict).toMatchObject({ patternKey: "automated_clicks", severity: "medium" });
    expect(verdict?.summary).toBe("60 % of Anna's 500 clicks in the last 14 days came from servers or automated browsers (300 from data centres, 120 automated); flag at 50 %.");
  });

  it.each([
    { label: "49 % of clicks from servers", clicks: { total: 500, fromDataCentre: 245, automated: 200 } },
    { label: "too few clicks to judge", clicks: { total: 99, fromDataCentre: 99, automated: 99 } },
  ])("near miss: $label", ({ clicks }) => {
    expect(clickSpamRule.evaluate(historyInput([creatorHistory({ windowClicks: clicks })]), settings, NOW)).toEqual([]);
  });

  it("hit: orders per click collapsed against the usual and the program's", () => {
    // Usual: 2 orders per 100 clicks. Window: 1,000 clicks a day and 1 order a day → 1 per 1,000.
    const anna = creatorHistory({ days: daysWith({ clicks: 1000, orders: 1 }) });
    const [verdict] = clickSpamRule.evaluate(historyInput([anna]), settings, NOW);
    expect(verdict).toMatchObject({ patternKey: "low_conversion", severity: "high" });
    expect(verdict?.summary).toBe(
      "Anna's links brought 14,000 clicks but 14 orders in the last 14 days: 1 per 1,000 clicks against a usual 20 and the program's 20 (flag below 20 % of both).",
    );
  });

  it.each([
    { label: "conversion at 25 % of usual", window: { clicks: 400, orders: 2 } },
    { label: "code-only orders do not count as link orders, but a normal rate is a pass", window: { clicks: 100, orders: 3, codeOnlyOrders: 1 } },
  ])("near miss: $label", ({ window }) => {
    expect(clickSpamRule.evaluate(historyInput([creatorHistory({ days: daysWith(window) })]), settings, NOW)).toEqual([]);
  });

  it("near miss: the program converts just as badly", () => {
    const anna = creatorHistory({ days: daysWith({ clicks: 1000, orders: 1 }) });
    expect(clickSpamRule.evaluate(historyInput([anna], { program: { ...PROGRAM, ordersPerClick: 0.004 } }), settings, NOW)).toEqual([]);
  });
});
