import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "../fraud-settings";
import type { WindowOrder } from "../fraud-types";
import { creatorHistory, dayRange, historyInput, NOW, orderInput, PROGRAM, windowOrder } from "./fraud-test-fixtures";
import { leakedCodeHistoryRule, leakedCodeOrderRule } from "./leaked-code";

const settings = DEFAULT_FRAUD_SETTINGS.leaked_code;

describe("leaked_code, order part: a code arriving from a coupon site", () => {
  it.each([
    { label: "code only, from retailmenot", order: { creditedCode: "ANNA10", creditedSignal: "code" as const, creatorTouched: false, referringDomain: "retailmenot.com" }, severity: "high", key: "coupon_site:retailmenot.com", words: "Code ANNA10 was used on an order that came from retailmenot.com, a coupon site, with no link or click from the creator: the code has leaked." },
    { label: "a sub-domain of a listed site", order: { creditedCode: "ANNA10", creditedSignal: "code" as const, creatorTouched: false, referringDomain: "uk.retailmenot.com" }, severity: "high", key: "coupon_site:retailmenot.com", words: "came from retailmenot.com" },
    { label: "the creator's link was on it too", order: { creditedCode: "ANNA10", referringDomain: "slickdeals.net" }, severity: "medium", key: "coupon_site:slickdeals.net", words: "although the creator's link was on the order too" },
  ])("hit: $label", ({ order, severity, key, words }) => {
    const [verdict, ...rest] = leakedCodeOrderRule.evaluate(orderInput(order), settings, NOW);
    expect(rest).toEqual([]);
    expect(verdict).toMatchObject({ severity, patternKey: key, orderIds: ["order-1"], holdScope: "orders" });
    expect(verdict?.summary).toContain(words);
    expect(verdict?.evidence.suggestion).toBe("Rotate code ANNA10: a new code in Shopify for the creator, the old one switched off.");
  });

  it("a site the merchant added", () => {
    const input = orderInput({ creditedCode: "ANNA10", referringDomain: "mydeals.example" }, { couponSites: new Set(["mydeals.example"]) });
    expect(leakedCodeOrderRule.evaluate(input, settings, NOW)[0]?.patternKey).toBe("coupon_site:mydeals.example");
  });

  it.each([
    { label: "from instagram", order: { creditedCode: "ANNA10", referringDomain: "instagram.com" }, pass: "Came from instagram.com, not a coupon site on the list." },
    { label: "no referrer", order: { creditedCode: "ANNA10" }, pass: "No referring site on the order." },
    { label: "from a coupon site but credited by link", order: { referringDomain: "retailmenot.com" }, pass: "Not credited by a code." },
  ])("near miss: $label", ({ order, pass }) => {
    expect(leakedCodeOrderRule.evaluate(orderInput(order), settings, NOW)).toEqual([]);
    expect(leakedCodeOrderRule.passSummary(orderInput(order), settings)).toBe(pass);
  });

  it("the check can be off", () => {
    expect(leakedCodeOrderRule.evaluate(orderInput({ creditedCode: "ANNA10", referringDomain: "retailmenot.com" }), { ...settings, checkCouponSites: false }, NOW)).toEqual([]);
  });
});

/** Anna's code in the window: `codeOnly` of `total` orders had no click, from `customers` different customers. */
function windowWith(total: number, codeOnly: number, customers: number, extra: Partial<WindowOrder> = {}): WindowOrder[] {
  return Array.from({ length: total }, (_, i) =>
    windowOrder({ day: `2026-12-0${(i % 6) + 1}`, code: "ANNA10", codeOnly: i < codeOnly, customerKey: `c-${i % customers}`, ...extra }),
  );
}

/** Before the window: 40 code orders a month, 8 of them code-only (20 %). */
const usualDays = dayRange("2026-08-01", "2026-11-05", (day) => (day.endsWith("-01") || day.endsWith("-15") ? { orders: 20, codeOrders: 20, codeOnlyOrders: 4 } : null));

describe("leaked_code, history part: code-only share over the window", () => {
  it("hit: 22 of 25 code-only from 19 customers against a usual 20 %", () => {
    const anna = creatorHistory({ days: usualDays, windowOrders: windowWith(25, 22, 19) });
    const [verdict, ...rest] = leakedCodeHistoryRule.evaluate(historyInput([anna]), settings, NOW);
    expect(rest).toEqual([]);
    expect(verdict).toMatchObject({ rule: "leaked_code", creatorId: "anna", severity: "medium", patternKey: "code:ANNA10", holdScope: "orders" });
    expect(verdict?.summary).toBe(
      "22 of 25 orders with code ANNA10 in the last 30 days (88 %) had no click or link from Anna, from 19 different customers; Anna's usual share is 20 % and the program's 25 %.",
    );
    expect(verdict?.orderIds).toHaveLength(22);
    expect(verdict?.evidence.compared?.[0]).toEqual({ metric: "Code-only share, this window", observed: 22 / 25, baseline: 0.2, threshold: 0.6, unit: "share" });
    expect(verdict?.evidence.suggestion).toContain("Rotate code ANNA10");
  });

  it("hit, high: orders from coupon sites are named", () => {
    const anna = creatorHistory({ days: usualDays, windowOrders: windowWith(22, 20, 18, { referringDomain: "couponfollow.com" }) });
    const [verdict] = leakedCodeHistoryRule.evaluate(historyInput([anna]), settings, NOW);
    expect(verdict?.severity).toBe("high");
    expect(verdict?.summary).toContain("22 orders came from coupon sites.");
  });

  it("a new creator without a usual share is compared with the program", () => {
    const anna = creatorHistory({ days: [], windowOrders: windowWith(20, 18, 18) });
    expect(leakedCodeHistoryRule.evaluate(historyInput([anna]), settings, NOW)[0]?.summary).toContain("Anna's usual share is unknown (fewer than 10 code orders before) and the program's 25 %.");
  });

  it.each([
    { label: "one customer fewer than the minimum", orders: windowWith(25, 22, 7) },
    { label: "one order fewer than the minimum (19 of the default 20)", orders: windowWith(19, 19, 19) },
    { label: "share just under the threshold (14 of 25 = 56 %)", orders: windowWith(25, 14, 14) },
    { label: "orders outside the window", orders: windowWith(25, 22, 19, { day: "2026-10-01" }) },
  ])("near miss: $label", ({ orders }) => {
    const anna = creatorHistory({ days: usualDays, windowOrders: orders });
    expect(leakedCodeHistoryRule.evaluate(historyInput([anna]), settings, NOW)).toEqual([]);
  });

  it("near miss: a podcaster whose orders were always code-only (no rise over the usual share)", () => {
    const podcastDays = dayRange("2026-08-01", "2026-11-05", (day) => (day.endsWith("-01") ? { orders: 20, codeOrders: 20, codeOnlyOrders: 19 } : null));
    const anna = creatorHistory({ days: podcastDays, windowOrders: windowWith(25, 25, 25) });
    expect(leakedCodeHistoryRule.evaluate(historyInput([anna]), settings, NOW)).toEqual([]);
  });

  it("near miss: the program's code-only share is itself high", () => {
    const anna = creatorHistory({ days: usualDays, windowOrders: windowWith(25, 22, 19) });
    expect(leakedCodeHistoryRule.evaluate(historyInput([anna], { program: { ...PROGRAM, codeOnlyShare: 0.7 } }), settings, NOW)).toEqual([]);
  });
});
