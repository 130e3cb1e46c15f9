import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "./fraud-settings";
import type { CreatorHistory, Dismissals, RiskRuleId } from "./fraud-types";
import { mergeVerdicts, runHistoryRules, runOrderRules } from "./run-rules";
import { FRAUD_RULE_TITLES, FRAUD_RULES, HISTORY_RULES, ORDER_RULES } from "./rules/fraud-rules";
import { creatorHistory, creatorIdentity, dayRange, historyInput, NOW, orderInput, settingsWith, windowOrder } from "./rules/fraud-test-fixtures";

const none: Dismissals = new Map();
const dismissing = (rule: RiskRuleId, ...keys: string[]): Dismissals => new Map([[rule, new Set(keys)]]);

describe("the rules as data", () => {
  it("order rules and history rules, in FRAUD_RULES order", () => {
    expect(ORDER_RULES.map((rule) => rule.id)).toEqual(["self_referral", "leaked_code", "paid_traffic"]);
    expect(HISTORY_RULES.map((rule) => rule.id)).toEqual(["leaked_code", "click_spam", "velocity", "refund_abuse", "duplicate_identity"]);
    expect(new Set(FRAUD_RULES.map((rule) => rule.id)).size).toBe(7);
    expect(FRAUD_RULE_TITLES).toEqual({
      self_referral: "Self-referral",
      leaked_code: "Leaked code",
      paid_traffic: "Paid traffic on the brand",
      click_spam: "Click spam and bots",
      velocity: "Velocity",
      refund_abuse: "Refund abuse",
      duplicate_identity: "Duplicate identity",
    });
    for (const rule of FRAUD_RULES) {
      expect(rule.defaults).toBe(DEFAULT_FRAUD_SETTINGS[rule.id]);
      expect(rule.describe(DEFAULT_FRAUD_SETTINGS[rule.id] as never)).toMatch(/^(Hold|Flag|When)/);
    }
  });
});

describe("runOrderRules", () => {
  it("one outcome per order rule: pass with words", () => {
    expect(runOrderRules(orderInput(), DEFAULT_FRAUD_SETTINGS, none, NOW)).toEqual([
      { rule: "self_referral", verdict: "pass", summary: "The customer does not match the creator by account, email, phone, address or device." },
      { rule: "leaked_code", verdict: "pass", summary: "Not credited by a code." },
      { rule: "paid_traffic", verdict: "pass", summary: "No ad click ids on the landing page." },
    ]);
  });

  it("a disabled rule is skipped", () => {
    const outcomes = runOrderRules(orderInput(), settingsWith("paid_traffic", { enabled: false }), none, NOW);
    expect(outcomes[2]).toEqual({ rule: "paid_traffic", verdict: "skipped", summary: "Off in Settings › Fraud." });
  });

  it("a flag carries the merged verdict and the action", () => {
    const [self] = runOrderRules(orderInput({ customerEmailKey: "email-key-anna", shippingAddressKey: "address-key-anna" }), DEFAULT_FRAUD_SETTINGS, none, NOW);
    expect(self).toMatchObject({ rule: "self_referral", verdict: "flag", action: "hold" });
    if (self?.verdict !== "flag") throw new Error("expected a flag");
    expect(self.flag.patternKey).toBe("email:email-key-anna");
    expect(self.flag.orderIds).toEqual(["order-1"]);
    expect(self.summary).toBe("Self-referral: the customer's email is the creator's (compared without case, Gmail dots or +tags). Self-referral: the order ships to the creator's address.");
  });

  it("a dismissed pattern is reported, not flagged; another pattern still flags", () => {
    const onlyAddress = runOrderRules(orderInput({ shippingAddressKey: "address-key-anna" }), DEFAULT_FRAUD_SETTINGS, dismissing("self_referral", "address:address-key-anna"), NOW)[0];
    expect(onlyAddress).toMatchObject({ verdict: "dismissed", summary: "Dismissed before for this creator and pattern: Self-referral: the order ships to the creator's address." });

    const both = runOrderRules(orderInput({ shippingAddressKey: "address-key-anna", customerPhoneKey: "phone-key-anna" }), DEFAULT_FRAUD_SETTINGS, dismissing("self_referral", "address:address-key-anna"), NOW)[0];
    expect(both).toMatchObject({ verdict: "flag", summary: "Self-referral: the customer's phone number is the creator's." });
  });

  it("a low verdict is only flagged even when the rule holds", () => {
    const paid = runOrderRules(orderInput({ adClickIds: ["fbclid"] }), settingsWith("paid_traffic", { socialIdsAlone: "flag" }), none, NOW)[2];
    expect(paid).toMatchObject({ verdict: "flag", action: "flag" });
    const search = runOrderRules(orderInput({ adClickIds: ["gclid"] }), DEFAULT_FRAUD_SETTINGS, none, NOW)[2];
    expect(search).toMatchObject({ verdict: "flag", action: "hold" });
  });

  it("a throwing rule becomes an error outcome; the others still run", () => {
    const brokenCreator = creatorIdentity({ portalDevices: [{ ipHash: "ip-anna", userAgentHash: "ua-anna", seenAt: null as unknown as Date }] });
    const broken = orderInput({ adClickIds: ["gclid"] }, { creator: brokenCreator });
    const outcomes = runOrderRules(broken, DEFAULT_FRAUD_SETTINGS, none, NOW);
    expect(outcomes[0]).toMatchObject({ rule: "self_referral", verdict: "error" });
    expect(outcomes[0]?.summary).toMatch(/^The rule failed on this order: .*getTime/);
    expect(outcomes[2]).toMatchObject({ rule: "paid_traffic", verdict: "flag" });
  });
});

describe("runHistoryRules", () => {
  const refunder = creatorHistory({ creatorId: "rex", name: "Rex", windowOrders: Array.from({ length: 20 }, (_, i) => windowOrder({ day: "2026-11-20", refunded: i < 12 })) });
  const twins = [creatorHistory({ creatorId: "anna", name: "Anna" }), creatorHistory({ creatorId: "bob", name: "Bob" })];
  const identities = [
    { kind: "tin" as const, key: "tin-1", label: "TIN ••••6789", creatorIds: ["anna", "bob"] },
    { kind: "device" as const, key: "dev-1", label: "the same browser", creatorIds: ["anna", "bob"] },
  ];

  it("one verdict per creator per rule, merged, with the rule's action", () => {
    const result = runHistoryRules(historyInput([refunder, ...twins], { identities }), DEFAULT_FRAUD_SETTINGS, new Map(), NOW);
    expect(result.errors).toEqual([]);
    expect(result.dismissed).toBe(0);
    expect(result.verdicts.map(({ verdict, action }) => [verdict.rule, verdict.creatorId, verdict.patternKey, action])).toEqual([
      ["refund_abuse", "rex", "refund_rate", "hold"],
      ["duplicate_identity", "anna", "tin:tin-1", "flag"],
      ["duplicate_identity", "bob", "tin:tin-1", "flag"],
    ]);
    const anna = result.verdicts[1]?.verdict;
    expect(anna?.summary).toContain("shares a tax id");
    expect(anna?.summary).toContain("shares a device");
    expect(anna?.holdScope).toBe("creator");
    expect(anna?.evidence.relatedCreatorIds).toEqual(["bob"]);
  });

  it("dismissed patterns are counted, not flagged", () => {
    const dismissals = new Map([["anna", dismissing("duplicate_identity", "tin:tin-1", "device:dev-1")]]);
    const result = runHistoryRules(historyInput(twins, { identities }), DEFAULT_FRAUD_SETTINGS, dismissals, NOW);
    expect(result.dismissed).toBe(2);
    expect(result.verdicts.map(({ verdict }) => verdict.creatorId)).toEqual(["bob"]);
  });

  it("a disabled rule does not run", () => {
    const result = runHistoryRules(historyInput([refunder]), settingsWith("refund_abuse", { enabled: false }), new Map(), NOW);
    expect(result.verdicts).toEqual([]);
  });

  it("a throwing rule is an error; the other rules still run", () => {
    const broken = creatorHistory({ creatorId: "zed", windowOrders: null as unknown as CreatorHistory["windowOrders"] });
    const result = runHistoryRules(historyInput([broken, ...twins], { identities }), DEFAULT_FRAUD_SETTINGS, new Map(), NOW);
    expect(result.errors.map((error) => error.rule)).toEqual(["leaked_code", "refund_abuse"]);
    expect(result.errors[0]?.message).toMatch(/null/);
    expect(result.verdicts.map(({ verdict }) => verdict.rule)).toEqual(["duplicate_identity", "duplicate_identity"]);
  });
});

describe("mergeVerdicts", () => {
  it("keeps the strongest pattern, joins the rest", () => {
    const base = { rule: "click_spam" as const, creatorId: "anna", holdScope: "orders" as const };
    const merged = mergeVerdicts([
      { ...base, severity: "medium", patternKey: "burst:a", summary: "A.", evidence: { facts: [{ label: "x", value: "1" }] }, orderIds: ["o1", "o2"] },
      { ...base, severity: "high", patternKey: "automated_clicks", summary: "B.", evidence: { facts: [{ label: "x", value: "1" }, { label: "y", value: "2" }] }, orderIds: ["o2", "o3"] },
    ]);
    expect(merged).toEqual({ ...base, severity: "high", patternKey: "automated_clicks", summary: "A. B.", evidence: { facts: [{ label: "x", value: "1" }, { label: "y", value: "2" }] }, orderIds: ["o1", "o2", "o3"] });
  });
});

describe("runHistoryRules at scale", () => {
  it("10,000 creators with 120 days of history each in well under 5 s", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const DAYS = dayRange("2026-08-09", "2026-12-06", () => ({}));
    const creators: CreatorHistory[] = Array.from({ length: 10_000 }, (_, c) => {
      const days = DAYS.filter(() => random() >= 0.4).map((day) => {
        const orders = Math.floor(random() * 8);
        const codeOrders = Math.floor(orders / 2);
        return { ...day, orders, revenueMinor: orders * 4000, codeOrders, codeOnlyOrders: Math.floor(codeOrders / 2), clicks: orders * 40 + Math.floor(random() * 50), refundedOrders: random() < 0.1 ? 1 : 0 };
      });
      const windowOrders = Array.from({ length: 40 }, (_, i) =>
        windowOrder({ day: `2026-${i % 2 === 0 ? "11" : "12"}-0${(i % 6) + 1}`, code: i % 2 === 0 ? `C${c}` : null, codeOnly: i % 4 === 0, refunded: random() < 0.08 }),
      );
      return creatorHistory({
        creatorId: `c${c}`,
        name: `Creator ${c}`,
        days,
        windowOrders,
        windowClicks: { total: 600, fromDataCentre: Math.floor(random() * 60), automated: Math.floor(random() * 30) },
        clickBursts: [{ ipHash: "ip", userAgentHash: "ua", clicks: 5 + Math.floor(random() * 30), firstAt: new Date("2026-12-05T10:00:00Z"), lastAt: new Date("2026-12-05T10:05:00Z") }],
      });
    });
    const identities = Array.from({ length: 500 }, (_, i) => ({ kind: "device" as const, key: `d${i}`, label: "the same browser", creatorIds: [`c${i}`, `c${i + 1}`] }));
    const input = historyInput(creators, { identities, program: { codeOnlyShare: 0.25, refundRate: 0.06, cancelRate: 0.02, ordersPerClick: 0.02, newCreatorFirstOrders: Array.from({ length: 100 }, (_, i) => i) } });

    if (process.env.FRAUD_PROFILE) {
      for (const rule of HISTORY_RULES) {
        const t = performance.now();
        (rule.evaluate as (i: unknown, s: unknown, n: Date) => unknown)(input, DEFAULT_FRAUD_SETTINGS[rule.id], NOW);
        console.info(`${rule.id}: ${Math.round(performance.now() - t)} ms`);
      }
    }
    const started = performance.now();
    const result = runHistoryRules(input, DEFAULT_FRAUD_SETTINGS, new Map(), NOW);
    const elapsed = performance.now() - started;
    if (process.env.FRAUD_PROFILE) console.info(`runHistoryRules: 10,000 creators in ${Math.round(elapsed)} ms, ${result.verdicts.length} verdicts`);
    expect(result.errors).toEqual([]);
    expect(result.verdicts.length).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(5000);
  }, 60_000);
});
