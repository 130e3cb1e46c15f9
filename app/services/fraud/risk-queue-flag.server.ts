/**
 * One risk flag as the admin's flag page shows it: the verdict in words, the numbers compared (observed, usual,
 * threshold, each in its unit), the facts, the orders (linked to their order pages), clicks, the daily series for a
 * chart (and its table), related creators, the suggestion, the commissions it names and holds, and every decision
 * from the audit log. Stored evidence is read leniently: a part that does not parse is left out, never a 500.
 */
import { z } from "zod";
import { describeActor, describeAuditAction, type ActorContext } from "../../components/merchant-words";
import type { Database } from "../../db.server";
import type { RiskComparison, RiskEvidence } from "../../domain/fraud/fraud-types";
import { formatMoney, getCurrencyExponent } from "../../domain/money";
import { formatShopDateTime, formatShopDay } from "../../domain/reporting/format-shop-date";
import type { CommissionStatus, RiskFlagStatus, RiskRule, RiskSeverity } from "../../generated/prisma/client";
import { describeHeld, sumHeldByFlag } from "./risk-queue.server";
import { describeRiskRuleTitle } from "./risk-rule-words.server";

/** Audit subject of a flag's decisions (written by risk-flags.server.ts). */
export const RISK_FLAG_AUDIT_SUBJECT = "risk_flag";
const COMMISSIONS_SHOWN = 100;

const factSchema = z.object({ label: z.string(), value: z.string() });
const comparisonSchema = z.object({
  metric: z.string(),
  observed: z.number(),
  baseline: z.number(),
  threshold: z.number(),
  unit: z.enum(["share", "count", "z", "ratio", "minor"]),
});
const orderSchema = z.object({ orderId: z.string(), name: z.string().nullable(), placedAt: z.string(), note: z.string() });
const clickSchema = z.object({ at: z.string(), ipHash: z.string(), note: z.string() });
const pointSchema = z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), value: z.number() });
const seriesSchema = z.object({ label: z.string(), unit: z.enum(["count", "minor"]), points: z.array(pointSchema), baseline: z.array(pointSchema).optional() });

/** Each part on its own: one malformed part (an old row, a bug) costs that part, not the page. */
const evidenceSchema = z.object({
  facts: z.array(factSchema).catch([]),
  compared: z.array(comparisonSchema).optional().catch(undefined),
  orders: z.array(orderSchema).optional().catch(undefined),
  clicks: z.array(clickSchema).optional().catch(undefined),
  series: seriesSchema.optional().catch(undefined),
  relatedCreatorIds: z.array(z.string()).optional().catch(undefined),
  suggestion: z.string().optional().catch(undefined),
});

export function readRiskEvidence(json: unknown): RiskEvidence {
  const parsed = evidenceSchema.safeParse(json);
  return parsed.success ? parsed.data : { facts: [] };
}

const decimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** A compared number in its unit: "86 %", "12", "z 4.2", "3.1×", "$120.00". */
export function formatRiskNumber(value: number, unit: RiskComparison["unit"], currency: string): string {
  if (!Number.isFinite(value)) return "—";
  switch (unit) {
    case "share":
      return `${decimal.format(value * 100)} %`;
    case "count":
      return decimal.format(value);
    case "z":
      return `z ${decimal.format(value)}`;
    case "ratio":
      return `${decimal.format(value)}×`;
    case "minor":
      // Evidence numbers are statistics (not ledger amounts): rounded to a whole minor unit for display.
      return formatMoney({ amountMinor: BigInt(Math.round(value)), currency });
  }
}

const UNIT_WORDS: Readonly<Record<RiskComparison["unit"], string>> = {
  share: "share of orders",
  count: "count",
  z: "robust z-score (how far from usual, in typical deviations)",
  ratio: "ratio",
  minor: "amount",
};

export type RiskFlagDetail = Awaited<ReturnType<typeof buildDetail>>;

export async function loadRiskFlagDetail(
  db: Database,
  input: { shop: string; flagId: string; timeZone: string; currency: string; actors: ActorContext },
): Promise<RiskFlagDetail | null> {
  const { shop } = input;
  const flag = await db.riskFlag.findFirst({ where: { shop, id: input.flagId } });
  if (flag === null) return null;
  return buildDetail(db, input, flag);
}

type FlagRow = {
  id: string;
  creatorId: string;
  rule: RiskRule;
  status: RiskFlagStatus;
  severity: RiskSeverity;
  action: "flag" | "hold";
  summary: string;
  evidence: unknown;
  firstSeenAt: Date;
  lastSeenAt: Date;
  occurrences: number;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  version: number;
};

async function buildDetail(db: Database, input: { shop: string; timeZone: string; currency: string; actors: ActorContext }, flag: FlagRow) {
  const { shop, timeZone, currency } = input;
  const evidence = readRiskEvidence(flag.evidence);
  const links = await db.riskFlagCommission.findMany({
    where: { shop, flagId: flag.id },
    orderBy: [{ addedAt: "desc" }, { commissionId: "asc" }],
    take: COMMISSIONS_SHOWN,
  });
  const evidenceOrderIds = (evidence.orders ?? []).map((order) => order.orderId);
  const relatedIds = (evidence.relatedCreatorIds ?? []).filter((id) => id !== flag.creatorId);
  const [creators, commissions, orders, held, history, activeCodes, linkCount] = await Promise.all([
    db.creator.findMany({ where: { shop, id: { in: [flag.creatorId, ...relatedIds] } }, select: { id: true, name: true, status: true } }),
    db.commission.findMany({
      where: { shop, id: { in: links.map((link) => link.commissionId) } },
      select: { id: true, status: true, netMinor: true, paidMinor: true, currency: true, shopifyOrderId: true },
    }),
    // Evidence names orders by their Shopify id (or, from older writers, Affable's id): either finds the page.
    db.attributedOrder.findMany({
      where: { shop, OR: [{ shopifyOrderId: { in: [...evidenceOrderIds, ...links.map((link) => link.shopifyOrderId)] } }, { id: { in: evidenceOrderIds } }] },
      select: { id: true, shopifyOrderId: true, name: true, shopifyOrderLegacyId: true },
    }),
    sumHeldByFlag(db, shop, [flag.id]),
    db.auditEvent.findMany({ where: { shop, subjectType: RISK_FLAG_AUDIT_SUBJECT, subjectId: flag.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 50 }),
    db.discountCode.count({ where: { shop, creatorId: flag.creatorId, status: "active" } }),
    db.riskFlagCommission.count({ where: { shop, flagId: flag.id } }),
  ]);
  const creatorById = new Map(creators.map((creator) => [creator.id, creator]));
  const orderByKey = new Map<string, (typeof orders)[number]>();
  for (const order of orders) {
    orderByKey.set(order.shopifyOrderId, order);
    orderByKey.set(order.id, order);
  }
  const commissionById = new Map(commissions.map((commission) => [commission.id, commission]));
  const creator = creatorById.get(flag.creatorId);
  const dateTime = (value: Date | string) => {
    try {
      return formatShopDateTime(value, timeZone);
    } catch {
      return String(value);
    }
  };
  const series = evidence.series;
  return {
    flag: {
      id: flag.id,
      version: flag.version,
      rule: flag.rule,
      ruleTitle: describeRiskRuleTitle(flag.rule),
      severity: flag.severity,
      status: flag.status,
      action: flag.action,
      summary: flag.summary,
      firstSeenAt: dateTime(flag.firstSeenAt),
      lastSeenAt: dateTime(flag.lastSeenAt),
      occurrences: flag.occurrences,
      decidedBy: flag.decidedBy === null ? null : describeActor(flag.decidedBy, input.actors),
      decidedAt: flag.decidedAt === null ? null : dateTime(flag.decidedAt),
      decisionReason: flag.decisionReason,
      held: describeHeld(held.get(flag.id)),
    },
    creator: { id: flag.creatorId, name: creator?.name ?? "A deleted creator", status: creator?.status ?? null, exists: creator !== undefined, activeCodes },
    facts: evidence.facts,
    compared: (evidence.compared ?? []).map((comparison) => ({
      metric: comparison.metric,
      unit: UNIT_WORDS[comparison.unit],
      observed: formatRiskNumber(comparison.observed, comparison.unit, currency),
      baseline: formatRiskNumber(comparison.baseline, comparison.unit, currency),
      threshold: formatRiskNumber(comparison.threshold, comparison.unit, currency),
      over: comparison.observed > comparison.threshold,
    })),
    orders: (evidence.orders ?? []).map((order) => {
      const found = orderByKey.get(order.orderId);
      return {
        key: order.orderId,
        label: order.name ?? found?.name ?? (found ? `Order ${found.shopifyOrderLegacyId}` : "An order"),
        url: found ? `/app/orders/${found.id}` : null,
        placedAt: dateTime(order.placedAt),
        note: order.note,
      };
    }),
    clicks: (evidence.clicks ?? []).map((click, index) => ({
      key: `${click.at}-${index}`,
      at: dateTime(click.at),
      // A keyed hash: only its start, so people can tell visitors apart without a long meaningless string.
      visitor: `Visitor ${click.ipHash.slice(0, 8)}`,
      note: click.note,
    })),
    series:
      series && series.points.length > 0
        ? {
            label: series.label,
            unit: series.unit,
            currency,
            hasBaseline: series.baseline !== undefined && series.baseline.length > 0,
            // Chart positions: money in major units (a line's height only; the table shows exact figures).
            chart: series.points.map((point) => {
              const scale = series.unit === "minor" ? 10 ** getCurrencyExponent(currency) : 1;
              const usual = series.baseline?.find((candidate) => candidate.day === point.day);
              return { label: formatShopDay(point.day), value: point.value / scale, baseline: usual === undefined ? null : usual.value / scale };
            }),
            rows: series.points.map((point) => {
              const usual = series.baseline?.find((candidate) => candidate.day === point.day);
              const unit = series.unit === "minor" ? "minor" : "count";
              return {
                day: formatShopDay(point.day),
                value: formatRiskNumber(point.value, unit, currency),
                baseline: usual === undefined ? null : formatRiskNumber(usual.value, unit, currency),
              };
            }),
          }
        : null,
    relatedCreators: relatedIds.map((id) => ({ id, name: creatorById.get(id)?.name ?? "A deleted creator", exists: creatorById.has(id) })),
    suggestion: evidence.suggestion ?? null,
    commissions: links.map((link) => {
      const commission = commissionById.get(link.commissionId);
      const order = orderByKey.get(link.shopifyOrderId);
      return {
        id: link.commissionId,
        orderLabel: order?.name ?? (order ? `Order ${order.shopifyOrderLegacyId}` : "An order"),
        orderUrl: order ? `/app/orders/${order.id}` : null,
        status: (commission?.status ?? null) as CommissionStatus | null,
        amount: commission ? formatMoney({ amountMinor: commission.netMinor, currency: commission.currency }) : "—",
        held: link.held,
        clawedBack: link.clawedBack,
      };
    }),
    commissionCount: linkCount,
    history: history.map((event) => ({
      id: event.id,
      at: dateTime(event.createdAt),
      actor: describeActor(event.actor, input.actors),
      what: describeAuditAction(event.action, event.details as Record<string, unknown>),
      reason: event.reason,
    })),
  };
}
