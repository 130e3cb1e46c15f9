/*
 * Every rule, as data. Leaked code has two parts under one id (and one set of settings): the coupon-site check that
 * needs only the order, and the code-only share that needs the window's history.
 */
import type { RiskRuleId } from "../fraud-types";
import { clickSpamRule } from "./click-spam";
import type { HistoryFraudRule, OrderFraudRule } from "./define-fraud-rule";
import { duplicateIdentityRule } from "./duplicate-identity";
import { leakedCodeHistoryRule, leakedCodeOrderRule } from "./leaked-code";
import { paidTrafficRule } from "./paid-traffic";
import { refundAbuseRule } from "./refund-abuse";
import { selfReferralRule } from "./self-referral";
import { velocityRule } from "./velocity";

/** One entry per rule id: its order part and its history part (either may be absent). */
type AnyOrderRule = { [K in RiskRuleId]: OrderFraudRule<K> }[RiskRuleId];
type AnyHistoryRule = { [K in RiskRuleId]: HistoryFraudRule<K> }[RiskRuleId];

/** All rules in the order the settings page, the order page and the runners list them (FRAUD_RULE_IDS). */
export const FRAUD_RULES: readonly (AnyOrderRule | AnyHistoryRule)[] = [
  selfReferralRule,
  leakedCodeOrderRule,
  leakedCodeHistoryRule,
  paidTrafficRule,
  clickSpamRule,
  velocityRule,
  refundAbuseRule,
  duplicateIdentityRule,
];

export const ORDER_RULES: readonly AnyOrderRule[] = FRAUD_RULES.filter((rule): rule is AnyOrderRule => rule.scope === "order");
export const HISTORY_RULES: readonly AnyHistoryRule[] = FRAUD_RULES.filter((rule): rule is AnyHistoryRule => rule.scope === "history");

/** Each rule's title by id (leaked code's two parts share one): for pages that list rules once, in FRAUD_RULE_IDS order. */
export const FRAUD_RULE_TITLES: Readonly<Record<RiskRuleId, string>> = Object.fromEntries(FRAUD_RULES.map((rule) => [rule.id, rule.title])) as Record<RiskRuleId, string>;
