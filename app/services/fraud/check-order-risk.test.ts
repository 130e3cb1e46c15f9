import { describe, expect, it } from "vitest";
import { describeRecheck, toOrderRiskSubject, type OrderRiskRow } from "./check-order-risk.server";

const PLACED = new Date("2026-11-20T17:31:37.000Z");

function row(changes: Partial<OrderRiskRow>): OrderRiskRow {
  return {
    shopifyOrderId: "gid://shopify/Order/1", name: "#1001", orderCreatedAt: PLACED, creatorId: "nora", clickId: null,
    attribution: { creatorId: "nora", signal: "code", reason: "", flags: [], considered: [
      { signal: "code", value: "nora10", creatorId: "nora", accepted: true, credited: true, reason: "", capturedAt: null, clickId: null },
    ] },
    customerId: null, customerEmailKey: null, customerPhoneKey: null, shippingAddressKey: null, browserIpHash: null, userAgentHash: null,
    referringDomain: null, adClickIds: [], landingUtmMedium: null, creditedCode: null, creditedSignal: null, creatorTouched: false,
    ...changes,
  };
}

describe("toOrderRiskSubject: the check's view of a stored order", () => {
  it.each([
    { label: "an order recorded before the signal columns: the decision's credited code", changes: {}, expected: { creditedSignal: "code", creditedCode: "nora10", creatorTouched: false } },
    {
      label: "…with the creator's landing-page ref as well: touched",
      changes: { attribution: { creatorId: "nora", signal: "code", considered: [
        { signal: "code", value: "nora10", creatorId: "nora", accepted: true, credited: true },
        { signal: "landing_site", value: "r_nora01", creatorId: "nora", accepted: true, credited: false },
      ] } },
      expected: { creditedSignal: "code", creditedCode: "nora10", creatorTouched: true },
    },
    {
      label: "…another creator's ref does not touch the credited one",
      changes: { attribution: { creatorId: "nora", signal: "code", considered: [
        { signal: "code", value: "nora10", creatorId: "nora", accepted: true, credited: true },
        { signal: "link", value: "r_omar01", creatorId: "omar", accepted: true, credited: false },
      ] } },
      expected: { creditedSignal: "code", creditedCode: "nora10", creatorTouched: false },
    },
    { label: "…her click on the order: touched", changes: { clickId: "click-1" }, expected: { creditedSignal: "code", creditedCode: "nora10", creatorTouched: true } },
    {
      label: "the captured signal columns win over the decision",
      changes: { creditedSignal: "landing_site", creditedCode: null, creatorTouched: true },
      expected: { creditedSignal: "landing_site", creditedCode: null, creatorTouched: true },
    },
    {
      label: "a captured row whose creator was not touched stays untouched even with a click id",
      changes: { creditedSignal: "code", creditedCode: "NORA10", creatorTouched: false, clickId: "click-1" },
      expected: { creditedSignal: "code", creditedCode: "NORA10", creatorTouched: false },
    },
  ])("$label", ({ changes, expected }) => {
    expect(toOrderRiskSubject(row(changes as Partial<OrderRiskRow>))).toMatchObject(expected);
  });

  it("compares customers as GraphQL ids and passes the keys through", () => {
    expect(toOrderRiskSubject(row({ customerId: "7115310699901", customerEmailKey: "e", adClickIds: ["gclid"], referringDomain: "retailmenot.com" }))).toEqual({
      orderId: "gid://shopify/Order/1", orderName: "#1001", placedAt: PLACED, creatorId: "nora", clickId: null,
      creditedSignal: "code", creditedCode: "nora10", creatorTouched: false,
      customerId: "gid://shopify/Customer/7115310699901", customerEmailKey: "e", customerPhoneKey: null, shippingAddressKey: null,
      browserIpHash: null, userAgentHash: null, referringDomain: "retailmenot.com", adClickIds: ["gclid"], landingUtmMedium: null,
    });
  });
});

describe("describeRecheck: the Re-check toast", () => {
  const check = (verdict: "pass" | "flag" | "error" | "skipped" | "dismissed") => ({ rule: "self_referral" as const, verdict, summary: "", flagId: null });
  it.each([
    { checks: [check("pass"), check("pass"), check("pass")], held: 0, words: "Re-checked: 3 passed." },
    { checks: [check("flag"), check("pass"), check("skipped")], held: 1, words: "Re-checked: 1 passed, 1 flagged, 1 skipped. 1 commission put on hold." },
    { checks: [check("error"), check("dismissed"), check("flag")], held: 2, words: "Re-checked: 1 flagged, 1 dismissed before, 1 failed (see the rows). 2 commissions put on hold." },
  ])("$words", ({ checks, held, words }) => {
    expect(describeRecheck(checks, held)).toBe(words);
  });
});
