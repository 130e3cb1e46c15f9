/**
 * Rule ids in the domain's order and their titles from FRAUD_RULES, for the admin's risk pages (server side: the
 * rules module carries zod schemas, which stay out of the browser).
 */
import { FRAUD_RULES } from "../../domain/fraud";
import { COUPON_SITES } from "../../domain/fraud/coupon-sites";
import type { RiskRuleId } from "../../domain/fraud/fraud-types";

/** The rules in the domain's order (FRAUD_RULE_IDS), as a tuple for zod enums and Prisma filters. */
export const RISK_RULE_IDS = ["self_referral", "leaked_code", "paid_traffic", "click_spam", "velocity", "refund_abuse", "duplicate_identity"] as const satisfies readonly RiskRuleId[];

const TITLES = new Map<RiskRuleId, string>(FRAUD_RULES.map((rule) => [rule.id, rule.title]));

/** How many coupon and deal sites Affable's own list has (Settings › Fraud says so beside the merchant's additions). */
export const COUPON_SITE_COUNT = COUPON_SITES.length;

export function describeRiskRuleTitle(rule: RiskRuleId): string {
  return TITLES.get(rule) ?? rule;
}
