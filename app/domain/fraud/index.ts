export * from "./fraud-types";
export * from "./normalize-identity";
export * from "./traffic-signals";
export * from "./fraud-settings";
export * from "./robust-stats";
export { FRAUD_RULES, ORDER_RULES, HISTORY_RULES, FRAUD_RULE_TITLES } from "./rules/fraud-rules";
export type { OrderFraudRule, HistoryFraudRule } from "./rules/define-fraud-rule";
export { runOrderRules, runHistoryRules, mergeVerdicts, actionFor, type HistoryRunResult } from "./run-rules";
