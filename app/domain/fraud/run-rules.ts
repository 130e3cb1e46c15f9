/*
 * Running the rules: the order rules on one order (when it is processed or re-checked) and the history rules over a
 * shop's creators (the nightly scan). Pure. A rule that throws never stops the others: on an order it becomes an
 * "error" outcome with its message, in the scan an entry in `errors`. A disabled rule is "skipped". A verdict whose
 * patternKey the merchant dismissed for that creator is reported as dismissed, not flagged. What is left of one
 * rule for one creator is merged into one verdict (one flag per creator per rule).
 *
 * The action: the rule's setting (flag or hold), except that a LOW-severity verdict is only ever flagged — those are
 * the "worth a look" signals (social click ids alone, disposable sign-up emails) that must not stop money.
 */
import type { Dismissals, HistoryRuleInput, OrderRuleInput, OrderRuleOutcome, RiskAction, RiskEvidence, RiskRuleId, RiskSeverity, RiskVerdict } from "./fraud-types";
import type { FraudRuleSettingsMap } from "./fraud-settings";
import { HISTORY_RULES, ORDER_RULES } from "./rules/fraud-rules";
import type { HistoryFraudRule, OrderFraudRule } from "./rules/define-fraud-rule";
import { MAX_EVIDENCE_ORDERS } from "./rules/rule-words";

const SEVERITY_RANK: Record<RiskSeverity, number> = { low: 0, medium: 1, high: 2 };

export function actionFor(verdict: RiskVerdict, settingsAction: RiskAction): RiskAction {
  return verdict.severity === "low" ? "flag" : settingsAction;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string, limit = Infinity): T[] {
  const seen = new Set<string>();
  const result: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    result.push(item);
    if (result.length >= limit) break;
  }
  return result;
}

/**
 * Several verdicts of one rule on one creator as one: the highest severity (its patternKey), the summaries in turn,
 * the evidence and orders joined without repeats, "creator" scope if any asked for it.
 */
export function mergeVerdicts(verdicts: readonly RiskVerdict[]): RiskVerdict {
  const [first] = verdicts;
  if (first === undefined) throw new RangeError("mergeVerdicts needs at least one verdict.");
  if (verdicts.length === 1) return first;
  const strongest = verdicts.reduce((best, verdict) => (SEVERITY_RANK[verdict.severity] > SEVERITY_RANK[best.severity] ? verdict : best), first);
  const all = <T>(pick: (evidence: RiskEvidence) => readonly T[] | undefined) => verdicts.flatMap((verdict) => pick(verdict.evidence) ?? []);
  const orders = uniqueBy(all((e) => e.orders), (order) => order.orderId).sort((a, b) => b.placedAt.localeCompare(a.placedAt)).slice(0, MAX_EVIDENCE_ORDERS);
  const related = uniqueBy(all((e) => e.relatedCreatorIds), (id) => id);
  const clicks = all((e) => e.clicks).slice(0, MAX_EVIDENCE_ORDERS);
  const compared = all((e) => e.compared);
  const evidence: RiskEvidence = {
    facts: uniqueBy(all((e) => e.facts), (f) => `${f.label}\u0000${f.value}`),
    ...(compared.length > 0 ? { compared } : {}),
    ...(orders.length > 0 ? { orders } : {}),
    ...(clicks.length > 0 ? { clicks } : {}),
    ...(related.length > 0 ? { relatedCreatorIds: related } : {}),
    ...(verdicts.find((v) => v.evidence.series)?.evidence.series ? { series: verdicts.find((v) => v.evidence.series)?.evidence.series } : {}),
    ...(verdicts.find((v) => v.evidence.suggestion) ? { suggestion: verdicts.find((v) => v.evidence.suggestion)?.evidence.suggestion } : {}),
  };
  return {
    rule: first.rule,
    creatorId: first.creatorId,
    severity: strongest.severity,
    patternKey: strongest.patternKey,
    summary: uniqueBy(verdicts.map((verdict) => verdict.summary), (s) => s).join(" "),
    evidence,
    orderIds: uniqueBy(verdicts.flatMap((verdict) => verdict.orderIds), (id) => id),
    holdScope: verdicts.some((verdict) => verdict.holdScope === "creator") ? "creator" : "orders",
  };
}

function isDismissed(dismissals: Dismissals | undefined, verdict: RiskVerdict): boolean {
  return dismissals?.get(verdict.rule)?.has(verdict.patternKey) ?? false;
}

function evaluateOrderRule<K extends RiskRuleId>(rule: OrderFraudRule<K>, input: OrderRuleInput, settings: FraudRuleSettingsMap, now: Date) {
  return { verdicts: rule.evaluate(input, settings[rule.id], now), pass: () => rule.passSummary(input, settings[rule.id]), action: settings[rule.id].action };
}

/** The order rules on one order: one outcome per order rule, in FRAUD_RULES order. */
export function runOrderRules(input: OrderRuleInput, settings: FraudRuleSettingsMap, dismissals: Dismissals, now: Date): OrderRuleOutcome[] {
  return ORDER_RULES.map((rule): OrderRuleOutcome => {
    if (!settings[rule.id].enabled) return { rule: rule.id, verdict: "skipped", summary: "Off in Settings › Fraud." };
    let result: ReturnType<typeof evaluateOrderRule>;
    let verdicts: readonly RiskVerdict[];
    try {
      result = evaluateOrderRule(rule as OrderFraudRule, input, settings, now);
      verdicts = result.verdicts;
      if (verdicts.length === 0) return { rule: rule.id, verdict: "pass", summary: result.pass() };
    } catch (error) {
      return { rule: rule.id, verdict: "error", summary: `The rule failed on this order: ${messageOf(error)}` };
    }
    const active = verdicts.filter((verdict) => !isDismissed(dismissals, verdict));
    if (active.length === 0) {
      const flag = mergeVerdicts(verdicts);
      return { rule: rule.id, verdict: "dismissed", summary: `Dismissed before for this creator and pattern: ${flag.summary}`, flag };
    }
    const flag = mergeVerdicts(active);
    return { rule: rule.id, verdict: "flag", summary: flag.summary, flag, action: actionFor(flag, result.action) };
  });
}

export type HistoryRunResult = {
  readonly verdicts: { readonly verdict: RiskVerdict; readonly action: RiskAction }[];
  /** Verdicts not flagged because a person dismissed that pattern for that creator. */
  readonly dismissed: number;
  readonly errors: { readonly rule: RiskRuleId; readonly message: string }[];
};

function evaluateHistoryRule<K extends RiskRuleId>(rule: HistoryFraudRule<K>, input: HistoryRuleInput, settings: FraudRuleSettingsMap, now: Date) {
  return rule.evaluate(input, settings[rule.id], now);
}

/** The history rules over every creator of the input: at most one verdict per creator per rule. */
export function runHistoryRules(
  input: HistoryRuleInput,
  settings: FraudRuleSettingsMap,
  dismissalsByCreator: ReadonlyMap<string, Dismissals>,
  now: Date,
): HistoryRunResult {
  const verdicts: { verdict: RiskVerdict; action: RiskAction }[] = [];
  const errors: { rule: RiskRuleId; message: string }[] = [];
  let dismissed = 0;
  for (const rule of HISTORY_RULES) {
    if (!settings[rule.id].enabled) continue;
    let found: readonly RiskVerdict[];
    try {
      found = evaluateHistoryRule(rule as HistoryFraudRule, input, settings, now);
    } catch (error) {
      errors.push({ rule: rule.id, message: messageOf(error) });
      continue;
    }
    const byCreator = new Map<string, RiskVerdict[]>();
    for (const verdict of found) {
      if (isDismissed(dismissalsByCreator.get(verdict.creatorId), verdict)) {
        dismissed += 1;
        continue;
      }
      const list = byCreator.get(verdict.creatorId);
      if (list === undefined) byCreator.set(verdict.creatorId, [verdict]);
      else list.push(verdict);
    }
    for (const list of byCreator.values()) {
      const verdict = mergeVerdicts(list);
      verdicts.push({ verdict, action: actionFor(verdict, settings[rule.id].action) });
    }
  }
  return { verdicts, dismissed, errors };
}
