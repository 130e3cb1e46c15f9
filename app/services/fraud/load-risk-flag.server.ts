/**
 * One risk flag as the flag page shows it: the verdict, its evidence, the commissions it names (order name, status,
 * amount, whether this flag holds it) and its history from the audit log (raised, held, decided, actions), oldest first.
 * Four queries, all scoped by shop; another shop's flag id is simply not found.
 */
import type { Database } from "../../db.server";
import type { RiskAction, RiskEvidence, RiskRuleId, RiskSeverity } from "../../domain/fraud/fraud-types";
import type { CommissionStatus } from "../../domain/ledger";
import type { Money } from "../../domain/money";
import type { RiskFlagActionRecord } from "./risk-flags.server";

export type RiskFlagCommissionView = {
  commissionId: string;
  shopifyOrderId: string;
  /** The order's name ("#1001"); null when the order row is gone. */
  orderName: string | null;
  orderCreatedAt: Date;
  status: CommissionStatus;
  /** The commission's net (what the creator earns on it now). */
  amount: Money;
  /** Paid out so far; more than `amount` is a clawback waiting for the next payout. */
  paid: Money;
  /** This flag put it (or keeps it) on hold. */
  held: boolean;
  /** It had been paid when the flag held it: the paid amount was clawed back instead. */
  clawedBack: boolean;
  addedAt: Date;
};

export type RiskFlagHistoryEntry = {
  id: string;
  at: Date;
  /** "system:risk", "staff:<id>" … */
  actor: string;
  /** risk_flag.opened / .held / .dismissed / .released / .reversed / .pause_creator / .rotate_code */
  action: string;
  reason: string | null;
  details: unknown;
};

export type RiskFlagDetail = {
  id: string;
  creator: { id: string; name: string; handle: string; status: string } | null;
  rule: RiskRuleId;
  status: "open" | "dismissed" | "released" | "reversed";
  severity: RiskSeverity;
  action: RiskAction;
  /** The latest verdict's pattern. */
  patternKey: string;
  /** Every pattern that landed on the flag (what "dismiss" teaches the rule to skip for this creator). */
  patternKeys: string[];
  summary: string;
  evidence: RiskEvidence;
  /** Pause creator / rotate code actions taken on the flag, oldest first. */
  actionsTaken: RiskFlagActionRecord[];
  firstSeenAt: Date;
  lastSeenAt: Date;
  occurrences: number;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  /** Send it back with a decision (optimistic lock: a stale version gets a 409). */
  version: number;
  commissions: RiskFlagCommissionView[];
  history: RiskFlagHistoryEntry[];
};

/** The flag page's data, or null when the flag is not in this shop. */
export async function loadRiskFlag(db: Database, shop: string, flagId: string): Promise<RiskFlagDetail | null> {
  const flag = await db.riskFlag.findFirst({ where: { shop, id: flagId }, include: { commissions: { orderBy: { addedAt: "asc" } } } });
  if (flag === null) return null;
  const commissionIds = flag.commissions.map((link) => link.commissionId);
  const orderIds = [...new Set(flag.commissions.map((link) => link.shopifyOrderId))];
  const [creator, commissions, orders, audits] = await Promise.all([
    db.creator.findFirst({ where: { shop, id: flag.creatorId }, select: { id: true, name: true, handle: true, status: true } }),
    db.commission.findMany({ where: { shop, id: { in: commissionIds } } }),
    db.attributedOrder.findMany({ where: { shop, shopifyOrderId: { in: orderIds } }, select: { shopifyOrderId: true, name: true } }),
    db.auditEvent.findMany({ where: { shop, subjectType: "risk_flag", subjectId: flag.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
  ]);
  const commissionById = new Map(commissions.map((commission) => [commission.id, commission]));
  const orderName = new Map(orders.map((order) => [order.shopifyOrderId, order.name]));
  const { actionsTaken, patternKeys, ...evidence } = (flag.evidence ?? {}) as unknown as RiskEvidence & { actionsTaken?: RiskFlagActionRecord[]; patternKeys?: string[] };
  return {
    id: flag.id,
    creator: creator === null ? null : { ...creator, status: creator.status },
    rule: flag.rule,
    status: flag.status,
    severity: flag.severity,
    action: flag.action,
    patternKey: flag.patternKey,
    patternKeys: [...new Set([...(Array.isArray(patternKeys) ? patternKeys : []), flag.patternKey])],
    summary: flag.summary,
    evidence: { ...evidence, facts: evidence.facts ?? [] },
    actionsTaken: Array.isArray(actionsTaken) ? actionsTaken : [],
    firstSeenAt: flag.firstSeenAt,
    lastSeenAt: flag.lastSeenAt,
    occurrences: flag.occurrences,
    decidedBy: flag.decidedBy,
    decidedAt: flag.decidedAt,
    decisionReason: flag.decisionReason,
    version: flag.version,
    commissions: flag.commissions.flatMap((link) => {
      const commission = commissionById.get(link.commissionId);
      if (commission === undefined) return [];
      return [{
        commissionId: commission.id,
        shopifyOrderId: commission.shopifyOrderId,
        orderName: orderName.get(commission.shopifyOrderId) ?? null,
        orderCreatedAt: commission.orderCreatedAt,
        status: commission.status,
        amount: { amountMinor: commission.netMinor, currency: commission.currency },
        paid: { amountMinor: commission.paidMinor, currency: commission.currency },
        held: link.held,
        clawedBack: link.clawedBack,
        addedAt: link.addedAt,
      }];
    }),
    history: audits.map((audit) => ({ id: audit.id, at: audit.createdAt, actor: audit.actor, action: audit.action, reason: audit.reason, details: audit.details })),
  };
}
