/**
 * The Risk queue (admin › Risk): one row per creator per rule (RiskFlag), filtered by status (open by default), rule
 * and severity, newest activity first, paged by keyset (lastSeenAt, id) so a busy queue pages in constant time and a
 * flag that moves while the merchant reads never repeats or vanishes between pages. Also the counts per rule and the
 * latest risk scan's progress. Every query is scoped by shop.
 */
import { z } from "zod";
import type { Database } from "../../db.server";
import { formatMoney } from "../../domain/money";
import { formatShopDateTime } from "../../domain/reporting/format-shop-date";
import type { RiskFlagStatus, RiskRule, RiskSeverity } from "../../generated/prisma/client";
import { RISK_RULE_IDS, describeRiskRuleTitle } from "./risk-rule-words.server";

export const RISK_QUEUE_PAGE_SIZE = 25;
const RISK_STATUSES = ["open", "dismissed", "released", "reversed"] as const satisfies readonly RiskFlagStatus[];
const RISK_SEVERITIES = ["high", "medium", "low"] as const satisfies readonly RiskSeverity[];

export type RiskQueueFilters = {
  status: RiskFlagStatus | "all";
  rule: RiskRule | null;
  severity: RiskSeverity | null;
  /** Keyset cursor: the page after (older than) this row, or before (newer than) it. */
  after: RiskQueueCursor | null;
  before: RiskQueueCursor | null;
};

export type RiskQueueCursor = { lastSeenAt: Date; id: string };

/** "2026-12-07T22:00:00.000Z~ck123" → cursor; anything else → null (the first page). */
function decodeCursor(value: string | null): RiskQueueCursor | null {
  if (value === null) return null;
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~([A-Za-z0-9_-]{1,64})$/.exec(value);
  if (!match) return null;
  const lastSeenAt = new Date(match[1]!);
  return Number.isNaN(lastSeenAt.getTime()) ? null : { lastSeenAt, id: match[2]! };
}

export function encodeRiskQueueCursor(cursor: RiskQueueCursor): string {
  return `${cursor.lastSeenAt.toISOString()}~${cursor.id}`;
}

/** The queue's filters from the page's query string; an unknown value falls back to its default (never a 500). */
export function parseRiskQueueFilters(params: URLSearchParams): RiskQueueFilters {
  const after = decodeCursor(params.get("after"));
  return {
    status: z.enum([...RISK_STATUSES, "all"]).catch("open").parse(params.get("status") ?? "open"),
    rule: z.enum(RISK_RULE_IDS).nullable().catch(null).parse(params.get("rule") || null),
    severity: z.enum(RISK_SEVERITIES).nullable().catch(null).parse(params.get("severity") || null),
    after,
    before: after === null ? decodeCursor(params.get("before")) : null,
  };
}

export type RiskQueueRow = {
  id: string;
  creatorId: string;
  creatorName: string;
  rule: RiskRule;
  ruleTitle: string;
  severity: RiskSeverity;
  status: RiskFlagStatus;
  action: "flag" | "hold";
  summary: string;
  /** What this flag holds now, e.g. "$42.50 (3 commissions)"; null when it holds nothing. */
  held: string | null;
  occurrences: number;
  lastSeenAt: string;
};

export type RiskQueuePage = {
  rows: RiskQueueRow[];
  /** Cursors for the next (older) and previous (newer) pages, null at either end. */
  nextCursor: string | null;
  previousCursor: string | null;
  /** Flags per rule under the status and severity filters (the rule filter aside), every rule listed. */
  countsByRule: { rule: RiskRule; title: string; count: number }[];
  total: number;
};

type HeldRow = { flagId: string; currency: string; heldMinor: bigint; commissions: number };

/** Σ owed on the commissions each flag holds now (held by it and still on hold), per currency. One query. */
export async function sumHeldByFlag(db: Database, shop: string, flagIds: readonly string[]): Promise<Map<string, HeldRow[]>> {
  const byFlag = new Map<string, HeldRow[]>();
  if (flagIds.length === 0) return byFlag;
  const rows = await db.$queryRaw<HeldRow[]>`
    SELECT rfc."flagId" AS "flagId", c.currency AS currency, SUM(c."netMinor" - c."paidMinor")::bigint AS "heldMinor", COUNT(*)::int AS commissions
    FROM "RiskFlagCommission" rfc
    JOIN "Commission" c ON c.shop = rfc.shop AND c.id = rfc."commissionId"
    WHERE rfc.shop = ${shop} AND rfc."flagId" = ANY(${[...flagIds]}::text[]) AND rfc.held AND c.status = 'on_hold'
    GROUP BY rfc."flagId", c.currency
    ORDER BY c.currency`;
  for (const row of rows) byFlag.set(row.flagId, [...(byFlag.get(row.flagId) ?? []), row]);
  return byFlag;
}

/** "$42.50 (3 commissions)"; several currencies are listed one after another. */
export function describeHeld(rows: readonly HeldRow[] | undefined): string | null {
  if (!rows || rows.length === 0) return null;
  const commissions = rows.reduce((sum, row) => sum + row.commissions, 0);
  const amounts = rows.map((row) => formatMoney({ amountMinor: row.heldMinor, currency: row.currency })).join(" + ");
  return `${amounts} (${commissions} commission${commissions === 1 ? "" : "s"})`;
}

export async function listRiskQueue(db: Database, shop: string, filters: RiskQueueFilters, timeZone: string, take = RISK_QUEUE_PAGE_SIZE): Promise<RiskQueuePage> {
  const base = {
    shop,
    ...(filters.status === "all" ? {} : { status: filters.status }),
    ...(filters.severity === null ? {} : { severity: filters.severity }),
  };
  const where = { ...base, ...(filters.rule === null ? {} : { rule: filters.rule }) };
  const cursor = filters.after ?? filters.before;
  const backwards = filters.before !== null && filters.after === null;
  // Newest first: (lastSeenAt, id) descending. "after" = older rows; "before" = newer rows, read ascending then flipped.
  const keyset =
    cursor === null
      ? {}
      : backwards
        ? { OR: [{ lastSeenAt: { gt: cursor.lastSeenAt } }, { lastSeenAt: cursor.lastSeenAt, id: { gt: cursor.id } }] }
        : { OR: [{ lastSeenAt: { lt: cursor.lastSeenAt } }, { lastSeenAt: cursor.lastSeenAt, id: { lt: cursor.id } }] };
  const direction = backwards ? "asc" : "desc";
  const [found, grouped, total] = await Promise.all([
    db.riskFlag.findMany({
      where: { ...where, ...keyset },
      orderBy: [{ lastSeenAt: direction }, { id: direction }],
      take: take + 1,
      select: { id: true, creatorId: true, rule: true, severity: true, status: true, action: true, summary: true, occurrences: true, lastSeenAt: true },
    }),
    db.riskFlag.groupBy({ by: ["rule"], where: base, _count: { _all: true } }),
    db.riskFlag.count({ where }),
  ]);
  const more = found.length > take;
  const page = found.slice(0, take);
  if (backwards) page.reverse();
  const [creators, held] = await Promise.all([
    db.creator.findMany({ where: { shop, id: { in: [...new Set(page.map((flag) => flag.creatorId))] } }, select: { id: true, name: true } }),
    sumHeldByFlag(db, shop, page.map((flag) => flag.id)),
  ]);
  const names = new Map(creators.map((creator) => [creator.id, creator.name]));
  const first = page[0];
  const last = page[page.length - 1];
  // Forwards: a next page exists when more rows came back; a previous one whenever we came from a cursor.
  // Backwards: the reverse.
  const hasNext = backwards ? cursor !== null : more;
  const hasPrevious = backwards ? more : cursor !== null;
  const counts = new Map(grouped.map((group) => [group.rule, group._count._all]));
  return {
    rows: page.map((flag) => ({
      id: flag.id,
      creatorId: flag.creatorId,
      creatorName: names.get(flag.creatorId) ?? "A deleted creator",
      rule: flag.rule,
      ruleTitle: describeRiskRuleTitle(flag.rule),
      severity: flag.severity,
      status: flag.status,
      action: flag.action,
      summary: flag.summary,
      held: describeHeld(held.get(flag.id)),
      occurrences: flag.occurrences,
      lastSeenAt: formatShopDateTime(flag.lastSeenAt, timeZone),
    })),
    nextCursor: hasNext && last ? encodeRiskQueueCursor(last) : null,
    previousCursor: hasPrevious && first ? encodeRiskQueueCursor(first) : null,
    countsByRule: RISK_RULE_IDS.map((rule) => ({ rule, title: describeRiskRuleTitle(rule), count: counts.get(rule) ?? 0 })),
    total,
  };
}

/** Open flags in the shop (the navigation's badge, the dashboard). */
export function countOpenRiskFlags(db: Database, shop: string): Promise<number> {
  return db.riskFlag.count({ where: { shop, status: "open" } });
}

export type RiskScanView = {
  state: "never" | "waiting" | "running" | "finished" | "failed";
  /** One sentence: "The nightly scan is running: 1200 of 4000 creators checked (30 %), …". */
  text: string;
  creatorsDone: number;
  creatorsTotal: number;
  /** 0..100 while running. */
  percent: number;
  manual: boolean;
};

/** The latest scan as the risk scan reports it (loadRiskScanStatus in risk-scan/start-manual-risk-scan.server.ts). */
export type RiskScanStatusInput = {
  readonly manual: boolean;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
  readonly state: "waiting" | "running" | "finished" | "failed";
  readonly creatorsDone: number;
  readonly creatorsTotal: number;
  readonly flagsRaised: number;
  readonly error: string | null;
};

/** The latest risk scan (nightly or "Scan now") in words, with its progress while it runs. */
export function describeRiskScan(scan: RiskScanStatusInput | null, timeZone: string): RiskScanView {
  if (scan === null) {
    return { state: "never", text: "No risk scan has run yet. The nightly scan checks every creator's history; “Scan now” starts one at once.", creatorsDone: 0, creatorsTotal: 0, percent: 0, manual: false };
  }
  const { manual } = scan;
  const kind = manual ? "The scan started by hand" : "The nightly scan";
  const counts = { creatorsDone: scan.creatorsDone, creatorsTotal: scan.creatorsTotal, manual };
  const started = formatShopDateTime(scan.startedAt, timeZone);
  if (scan.state === "failed") {
    return { ...counts, state: "failed", percent: 0, text: `${kind} of ${started} stopped: ${scan.error ?? "an unknown error"}. Order checks go on; the next nightly scan tries again, or choose “Scan now”.` };
  }
  if (scan.state === "finished") {
    const flags = `${scan.flagsRaised} flag${scan.flagsRaised === 1 ? "" : "s"} raised or refreshed`;
    return { ...counts, state: "finished", percent: 100, text: `${kind} finished ${formatShopDateTime(scan.finishedAt ?? scan.startedAt, timeZone)}: ${scan.creatorsTotal} creators checked, ${flags}.` };
  }
  if (scan.state === "waiting") {
    const progress = scan.creatorsDone > 0 ? ` It stopped at ${scan.creatorsDone} of ${scan.creatorsTotal} creators and resumes there.` : "";
    return { ...counts, state: "waiting", percent: 0, text: `${kind} (${started}) is waiting for the risk scan job to pick it up.${progress}` };
  }
  const percent = scan.creatorsTotal > 0 ? Math.min(100, Math.floor((scan.creatorsDone * 100) / scan.creatorsTotal)) : 0;
  return { ...counts, state: "running", percent, text: `${kind} is running: ${scan.creatorsDone} of ${scan.creatorsTotal} creators checked (${percent} %), started ${started}.` };
}
