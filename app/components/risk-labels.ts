/**
 * The merchant's words and badge tones for risk flags and order risk checks (zod-free: pages import it in the
 * browser). The rules' own titles and descriptions come from app/domain/fraud (FRAUD_RULES, describeRule) through
 * the loaders, so there is one place that names a rule.
 */
export type RiskSeverityValue = "low" | "medium" | "high";
export type RiskFlagStatusValue = "open" | "dismissed" | "released" | "reversed";
export type RiskCheckVerdictValue = "pass" | "flag" | "error" | "skipped" | "dismissed";
type Tone = "critical" | "warning" | "attention" | "info" | "success" | undefined;

export const RISK_SEVERITY_LABELS: Readonly<Record<RiskSeverityValue, string>> = { high: "High risk", medium: "Medium risk", low: "Low risk" };
export const RISK_SEVERITY_TONES: Readonly<Record<RiskSeverityValue, Tone>> = { high: "critical", medium: "warning", low: "attention" };

export const RISK_FLAG_STATUS_LABELS: Readonly<Record<RiskFlagStatusValue, string>> = {
  open: "Open",
  dismissed: "Dismissed",
  released: "Released",
  reversed: "Reversed",
};
export const RISK_FLAG_STATUS_TONES: Readonly<Record<RiskFlagStatusValue, Tone>> = { open: "attention", dismissed: undefined, released: "success", reversed: "critical" };

export const RISK_VERDICT_LABELS: Readonly<Record<RiskCheckVerdictValue, string>> = {
  pass: "Passed",
  flag: "Flagged",
  error: "Rule failed",
  skipped: "Skipped",
  dismissed: "Dismissed before",
};
export const RISK_VERDICT_TONES: Readonly<Record<RiskCheckVerdictValue, Tone>> = { pass: "success", flag: "critical", error: "warning", skipped: undefined, dismissed: "info" };

export const RISK_ACTION_LABELS: Readonly<Record<"flag" | "hold", string>> = { flag: "Flag only", hold: "Hold the money" };
