/**
 * Risk on the pages merchants already use: the order page's "Risk checks" (every order rule that ran on the order,
 * its verdict and words; a rule that failed says so, and that processing went on) and the creator page's "Risk
 * history" (their flags, newest first, with the decision). Scoped by shop.
 */
import { describeActor, type ActorContext } from "../../components/merchant-words";
import type { Database } from "../../db.server";
import { formatShopDateTime } from "../../domain/reporting/format-shop-date";
import { RISK_RULE_IDS, describeRiskRuleTitle } from "./risk-rule-words.server";

const CREATOR_FLAGS_SHOWN = 20;
const ERROR_NEXT_STEP = "Processing went on without this rule: the order and its commission were recorded. Choose “Re-check” to run it again.";

/** Ends the text with a full stop unless it already ends a sentence. */
const sentence = (text: string) => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`);

export type OrderRiskCheckView = {
  rule: string;
  ruleTitle: string;
  verdict: "pass" | "flag" | "error" | "skipped" | "dismissed";
  severity: "low" | "medium" | "high" | null;
  summary: string;
  flagUrl: string | null;
  checkedAt: string;
};

/** The order's risk checks in FRAUD_RULES order; [] when no rule has run on it yet. */
export async function listOrderRiskChecks(db: Database, shop: string, shopifyOrderId: string, timeZone: string): Promise<OrderRiskCheckView[]> {
  const rows = await db.orderRiskCheck.findMany({ where: { shop, shopifyOrderId } });
  const order = new Map<string, number>(RISK_RULE_IDS.map((rule, index) => [rule, index]));
  const flagIds = rows.flatMap((row) => (row.flagId === null ? [] : [row.flagId]));
  // Only flags that exist in this shop get a link (a flag id from elsewhere is never followed).
  const flags = new Set(flagIds.length === 0 ? [] : (await db.riskFlag.findMany({ where: { shop, id: { in: flagIds } }, select: { id: true } })).map((flag) => flag.id));
  return rows
    .sort((a, b) => (order.get(a.rule) ?? 99) - (order.get(b.rule) ?? 99))
    .map((row) => ({
      rule: row.rule,
      ruleTitle: describeRiskRuleTitle(row.rule),
      verdict: row.verdict,
      severity: row.severity,
      // The stored words say what failed; the page adds that nothing else stopped and what to do next.
      summary: row.verdict === "error" ? `${sentence(row.summary)} ${ERROR_NEXT_STEP}` : row.summary,
      flagUrl: row.flagId !== null && flags.has(row.flagId) ? `/app/risk/${row.flagId}` : null,
      checkedAt: formatShopDateTime(row.checkedAt, timeZone),
    }));
}

export type CreatorRiskFlagView = {
  id: string;
  url: string;
  ruleTitle: string;
  severity: "low" | "medium" | "high";
  status: "open" | "dismissed" | "released" | "reversed";
  summary: string;
  firstSeenAt: string;
  decision: string | null;
};

/** The creator's flags, newest first (at most 20), and how many there are in all. */
export async function listCreatorRiskFlags(
  db: Database,
  input: { shop: string; creatorId: string; timeZone: string; actors: ActorContext },
): Promise<{ flags: CreatorRiskFlagView[]; total: number; open: number }> {
  const where = { shop: input.shop, creatorId: input.creatorId };
  const [rows, total, open] = await Promise.all([
    db.riskFlag.findMany({ where, orderBy: [{ firstSeenAt: "desc" }, { id: "desc" }], take: CREATOR_FLAGS_SHOWN }),
    db.riskFlag.count({ where }),
    db.riskFlag.count({ where: { ...where, status: "open" } }),
  ]);
  return {
    total,
    open,
    flags: rows.map((row) => ({
      id: row.id,
      url: `/app/risk/${row.id}`,
      ruleTitle: describeRiskRuleTitle(row.rule),
      severity: row.severity,
      status: row.status,
      summary: row.summary,
      firstSeenAt: formatShopDateTime(row.firstSeenAt, input.timeZone),
      decision:
        row.status === "open" || row.decidedAt === null
          ? null
          : `${describeActor(row.decidedBy ?? "system", input.actors)}, ${formatShopDateTime(row.decidedAt, input.timeZone)}${row.decisionReason ? `: “${row.decisionReason}”` : ""}`,
    })),
  };
}
