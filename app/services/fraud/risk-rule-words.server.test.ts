import { describe, expect, it } from "vitest";
import { FRAUD_RULE_IDS } from "../../domain/fraud";
import { RISK_RULE_IDS, describeRiskRuleTitle } from "./risk-rule-words.server";

describe("risk rule words", () => {
  it("lists the domain's rules in the domain's order, each with a title", () => {
    expect([...RISK_RULE_IDS]).toEqual([...FRAUD_RULE_IDS]);
    for (const rule of RISK_RULE_IDS) expect(describeRiskRuleTitle(rule)).toMatch(/^[A-Z][a-z]/);
  });
});
