import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "../fraud-settings";
import { creatorIdentity, NOW, orderInput } from "./fraud-test-fixtures";
import { selfReferralRule } from "./self-referral";

const settings = DEFAULT_FRAUD_SETTINGS.self_referral;

describe("self_referral: the customer is the creator", () => {
  it.each([
    { label: "same Shopify customer", order: { customerId: "cust-anna" }, patternKey: "customer:cust-anna", severity: "high", words: "the order's Shopify customer account is the creator's own" },
    { label: "same email key", order: { customerEmailKey: "email-key-anna" }, patternKey: "email:email-key-anna", severity: "high", words: "the customer's email is the creator's" },
    { label: "same phone key", order: { customerPhoneKey: "phone-key-anna" }, patternKey: "phone:phone-key-anna", severity: "high", words: "the customer's phone number is the creator's" },
    { label: "same address key", order: { shippingAddressKey: "address-key-anna" }, patternKey: "address:address-key-anna", severity: "high", words: "the order ships to the creator's address" },
    { label: "order browser = a portal sign-in (IP and browser)", order: { browserIpHash: "ip-anna", userAgentHash: "ua-anna" }, patternKey: "device:ip-anna:ua-anna", severity: "high", words: "the order's browser has the same IP address and browser" },
    { label: "order browser on the creator's IP, other browser", order: { browserIpHash: "ip-anna" }, patternKey: "ip:ip-anna", severity: "low", words: "same IP address (a different browser)" },
    {
      label: "the credited click came from the creator's device",
      order: { click: { ipHash: "ip-anna", userAgentHash: "ua-anna", at: new Date("2026-12-06T14:00:00Z") } },
      patternKey: "device:ip-anna:ua-anna",
      severity: "high",
      words: "the click credited on the order has the same IP address and browser",
    },
  ])("hit: $label", ({ order, patternKey, severity, words }) => {
    const verdicts = selfReferralRule.evaluate(orderInput(order), settings, NOW);
    expect(verdicts).toHaveLength(1);
    expect(verdicts[0]).toMatchObject({ rule: "self_referral", creatorId: "anna", patternKey, severity, orderIds: ["order-1"], holdScope: "orders" });
    expect(verdicts[0]?.summary).toContain(words);
    expect(verdicts[0]?.evidence.facts).toContainEqual({ label: "Order", value: "#1001" });
  });

  it("several matches: one verdict each, so each can be dismissed on its own", () => {
    const verdicts = selfReferralRule.evaluate(orderInput({ customerEmailKey: "email-key-anna", shippingAddressKey: "address-key-anna" }), settings, NOW);
    expect(verdicts.map((v) => v.patternKey)).toEqual(["email:email-key-anna", "address:address-key-anna"]);
    expect(verdicts[0]?.evidence.facts).toContainEqual({ label: "Signals matched", value: "2 signals (flag at 1)" });
  });

  it.each([
    { label: "a stranger", order: {}, input: {} },
    { label: "same browser, different IP (a common user agent is no match)", order: { userAgentHash: "ua-anna" }, input: {} },
    {
      label: "the creator's device, but the sign-in is older than the look-back",
      order: { browserIpHash: "ip-anna", userAgentHash: "ua-anna" },
      input: { creator: creatorIdentity({ portalDevices: [{ ipHash: "ip-anna", userAgentHash: "ua-anna", seenAt: new Date("2026-06-08T14:00:00Z") }] }) },
    },
    { label: "no keys on the order at all", order: { customerId: null, customerEmailKey: null, customerPhoneKey: null, shippingAddressKey: null, browserIpHash: null, userAgentHash: null }, input: {} },
  ])("near miss: $label", ({ order, input }) => {
    expect(selfReferralRule.evaluate(orderInput(order, input), settings, NOW)).toEqual([]);
  });

  it("device matching can be switched off", () => {
    expect(selfReferralRule.evaluate(orderInput({ browserIpHash: "ip-anna", userAgentHash: "ua-anna" }), { ...settings, matchDevices: false }, NOW)).toEqual([]);
  });

  it("threshold 2: one signal is a near miss, two flag", () => {
    const two = { ...settings, threshold: 2 };
    expect(selfReferralRule.evaluate(orderInput({ shippingAddressKey: "address-key-anna" }), two, NOW)).toEqual([]);
    expect(selfReferralRule.passSummary(orderInput({ shippingAddressKey: "address-key-anna" }), two)).toBe("Only 1 signal matched the creator; the rule needs 2.");
    expect(selfReferralRule.evaluate(orderInput({ shippingAddressKey: "address-key-anna", customerPhoneKey: "phone-key-anna" }), two, NOW)).toHaveLength(2);
  });

  it("pass words", () => {
    expect(selfReferralRule.passSummary(orderInput(), settings)).toBe("The customer does not match the creator by account, email, phone, address or device.");
  });
});
