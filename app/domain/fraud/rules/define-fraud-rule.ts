/*
 * A rule as data (fraud-types.ts FraudRuleDefinition), typed with its own settings. Order rules also say in words why
 * an order passed, for the order page's "Risk checks" list.
 */
import type { FraudRuleDefinition, HistoryRuleInput, OrderRuleInput, RiskRuleId } from "../fraud-types";
import { DEFAULT_FRAUD_SETTINGS, describeRule, type FraudRuleSettingsMap } from "../fraud-settings";

export type OrderFraudRule<K extends RiskRuleId = RiskRuleId> = FraudRuleDefinition<OrderRuleInput, FraudRuleSettingsMap[K]> & {
  readonly id: K;
  readonly scope: "order";
  readonly passSummary: (input: OrderRuleInput, settings: FraudRuleSettingsMap[K]) => string;
};

export type HistoryFraudRule<K extends RiskRuleId = RiskRuleId> = FraudRuleDefinition<HistoryRuleInput, FraudRuleSettingsMap[K]> & {
  readonly id: K;
  readonly scope: "history";
};

type RuleParts<K extends RiskRuleId, R> = Omit<R, "defaults" | "describe" | "scope"> & { readonly id: K };

export function defineOrderRule<K extends RiskRuleId>(rule: RuleParts<K, OrderFraudRule<K>>): OrderFraudRule<K> {
  return { ...rule, scope: "order", defaults: DEFAULT_FRAUD_SETTINGS[rule.id], describe: (settings) => describeRule(rule.id, settings) };
}

export function defineHistoryRule<K extends RiskRuleId>(rule: RuleParts<K, HistoryFraudRule<K>>): HistoryFraudRule<K> {
  return { ...rule, scope: "history", defaults: DEFAULT_FRAUD_SETTINGS[rule.id], describe: (settings) => describeRule(rule.id, settings) };
}
