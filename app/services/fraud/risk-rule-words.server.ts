/**
 * Rule ids in FRAUD_RULES order and their titles, for the admin's risk pages (server side: the rules module carries
 * zod schemas, which stay out of the browser).
 */
import { COUPON_SITES } from "../../domain/fraud/coupon-sites";
import type { RiskRuleId } from "../../domain/fraud/fraud-types";

/** The rules in the domain's order (FRAUD_RULE_IDS), as a tuple for zod enums and Prisma filters. */
export const RISK_RULE_IDS = ["self_referral", "paid_traffic", "leaked_code", "click_spam", "velocity", "refund_abuse", "duplicate_identity"] as const satisfies readonly RiskRuleId[];

/** How many coupon and deal sites Affable's own list has (Settings › Fraud says so beside the merchant's additions). */
export const COUPON_SITE_COUNT = COUPON_SITES.length;

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
