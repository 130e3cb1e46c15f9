/**
 * Rule ids in FRAUD_RULES order and their titles, for the admin's risk pages (server side: the rules module carries
 * zod schemas, which stay out of the browser).
 */
import type { RiskRuleId } from "../../domain/fraud/fraud-types";

export const RISK_RULE_IDS = ["self_referral", "paid_traffic", "leaked_code", "click_spam", "velocity", "refund_abuse", "duplicate_identity"] as const satisfies readonly RiskRuleId[];

const TITLES: Readonly<Record<RiskRuleId, string>> = {
  self_referral: "Self-referral",
  leaked_code: "Leaked code",
  paid_traffic: "Paid traffic on the brand",
  click_spam: "Click spam and bots",
  velocity: "Velocity",
  refund_abuse: "Refund abuse",
  duplicate_identity: "Duplicate identity",
};

export function describeRiskRuleTitle(rule: RiskRuleId): string {
  return TITLES[rule];
}
