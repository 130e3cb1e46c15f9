/**
 * The nightly risk scan of one shop (and "Scan now"): the history rules over every creator, set-wise.
 *
 * 1. Claim the RiskScan row of (shop, scanKey) with a lease (claim-risk-scan.server.ts): a finished scan is a no-op,
 *    one running elsewhere is left alone, a crashed one is taken over and resumed after its last finished batch.
 * 2. Resolve the shop's rule settings; they say how many days to load (scanRequirements).
 * 3. Load what is program-wide once (ProgramBaseline, IdentityLinks, disposable applicants), then the creators in
 *    batches (by id): their histories (load-creator-histories.server.ts), their dismissals, runHistoryRules per rule
 *    (so the summary can say how long each took), and applyRiskVerdicts in short transactions that also renew the
 *    lease and, last, record the progress (creatorsDone / creatorsTotal) for the admin.
 * 4. Write the summary ({ [rule]: { flagged, dismissed, ms, errors? } }), flagsRaised and finishedAt.
 *
 * Idempotent: the same scan key again is a no-op; a new scan over unchanged data lands the same verdicts on the same
 * open flags (applyRiskVerdicts refreshes them: nothing new is flagged or held).
 *
 * A creator's verdicts are kept only in the creator's own batch: a rule that looks across creators (duplicate
 * identity) also gets the histories of the other creators a shared key links to, but what it says about them is
 * applied in their batch, so nothing lands twice.
 */
import type { Database } from "../../../db.server";
import {
  buildCouponSiteSet,
  HISTORY_RULES,
  runHistoryRules,
  type FraudRuleSettingsMap,
  type HistoryRuleInput,
  type IdentityLink,
  type RiskRuleId,
  type RiskVerdict,
} from "../../../domain/fraud";
import { applyRiskVerdicts, loadDismissals, RISK_SYSTEM_ACTOR, type RiskVerdictItem } from "../risk-flags.server";
import { readShopTimeZone } from "../../read-shop-time-zone.server";
import { claimRiskScan, renewLease } from "./claim-risk-scan.server";
import { loadShopHistories, type ScannedCreator } from "./load-creator-histories.server";
import { loadDisposableEmailApplicants, loadIdentityLinks } from "./load-identity-links.server";
import { loadProgramBaseline } from "./load-program-baseline.server";
import { readScanSettings } from "./read-scan-settings.server";
import { readScanPeriod } from "./risk-scan-period";

export type RiskScanProgress = { readonly scanId: string; readonly creatorsDone: number; readonly creatorsTotal: number };

export type RiskScanOptions = {
  shop: string;
  /** "YYYY-MM-DD" (the shop-local day of a nightly scan) or "manual:<id>". */
  scanKey: string;
  /** The scan's point in time: the window ends here (its shop-local day is "today"). */
  now: Date;
  onProgress?: (progress: RiskScanProgress) => void;
  /** Creators per batch (each batch: four loading queries, the rules, its verdicts' transactions). */
  batchSize?: number;
  /** Verdicts applied per transaction (holds go through the ledger: keep transactions short). */
  verdictsPerTransaction?: number;
  /** How long a run owns the scan without writing; every batch renews it. */
  leaseMs?: number;
  /** The wall clock for leases (tests move it); the data's point in time is `now`. */
  clock?: () => Date;
  /** A long scan may stop early (the job is stopping): it is resumed from its last batch by the next claim. */
  shouldStop?: () => boolean;
};

export type RuleSummary = { flagged: number; dismissed: number; ms: number; errors?: string[] };
export type RiskScanSummary = Partial<Record<RiskRuleId, RuleSummary>>;

export type RiskScanResult =
  | { readonly outcome: "ran"; readonly scanId: string; readonly creatorsTotal: number; readonly flagsRaised: number; readonly summary: RiskScanSummary }
  | { readonly outcome: "stopped"; readonly scanId: string; readonly creatorsDone: number }
  | { readonly outcome: "finished" | "running" | "busy"; readonly scanId: string };

const DEFAULTS = { batchSize: 1_000, verdictsPerTransaction: 25, leaseMs: 5 * 60_000 };

/** The settings with only `rule` on: each rule runs alone, so its time is its own. */
function onlyRule(settings: FraudRuleSettingsMap, rule: RiskRuleId): FraudRuleSettingsMap {
  const next: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(settings)) next[id] = { ...value, enabled: id === rule && value.enabled };
  return next as FraudRuleSettingsMap;
}

function readSummary(stored: unknown): RiskScanSummary {
  return typeof stored === "object" && stored !== null && !Array.isArray(stored) ? (stored as RiskScanSummary) : {};
}

export async function runRiskScan(db: Database, options: RiskScanOptions): Promise<RiskScanResult> {
  const { shop, scanKey, now } = options;
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const perTransaction = options.verdictsPerTransaction ?? DEFAULTS.verdictsPerTransaction;
  const leaseMs = options.leaseMs ?? DEFAULTS.leaseMs;
  const clock = options.clock ?? (() => new Date());
  const leaseFromNow = () => new Date(clock().getTime() + leaseMs);

  const claim = await claimRiskScan(db, { shop, scanKey, startedAt: now, clock, leaseMs });
  if (claim.outcome !== "claimed") return claim;
  const scan = { shop, scanId: claim.scanId, owner: claim.owner };

  try {
    const [timeZone, fraud] = await Promise.all([readShopTimeZone(db, shop), readScanSettings(db, shop)]);
    const { settings } = fraud;
    const period = readScanPeriod(shop, timeZone, now, settings);
    const creators = sortById(await db.creator.findMany({ where: { shop }, select: { id: true, name: true, approvedAt: true } }));
    const [histories, identities, disposableEmails] = await Promise.all([
      loadShopHistories(db, period),
      loadIdentityLinks(db, shop),
      loadDisposableEmailApplicants(db, shop),
    ]);
    const program = await loadProgramBaseline(db, period, histories.baselineTotals, histories.dailyOrders);
    const couponSites = buildCouponSiteSet(fraud.extraCouponSites);
    const rules = HISTORY_RULES.map((rule) => rule.id).filter((rule) => settings[rule].enabled);
    const perRuleSettings = new Map(rules.map((rule) => [rule, onlyRule(settings, rule)]));
    const creatorsById = new Map(creators.map((creator) => [creator.id, creator]));

    const summary = readSummary(claim.summary);
    const flagIds = new Set<string>();
    let creatorsDone = Math.min(claim.creatorsDone, creators.length);
    await db.$transaction((tx) => renewLease(tx, scan, leaseFromNow(), { creatorsTotal: creators.length, creatorsDone }));
    options.onProgress?.({ scanId: scan.scanId, creatorsDone, creatorsTotal: creators.length });

    while (creatorsDone < creators.length) {
      if (options.shouldStop?.()) {
        await db.$transaction((tx) => renewLease(tx, scan, null));
        return { outcome: "stopped", scanId: scan.scanId, creatorsDone };
      }
      const batch = creators.slice(creatorsDone, creatorsDone + batchSize);
      const inBatch = new Set(batch.map((creator) => creator.id));
      const batchIdentities = identities.filter((link) => link.creatorIds.some((id) => inBatch.has(id)));
      const linked = linkedOutside(batchIdentities, inBatch, creatorsById);
      const dismissals = await loadDismissals(db, shop, batch.map((creator) => creator.id));
      const input: HistoryRuleInput = {
        today: period.today,
        creators: histories.build([...batch, ...linked]),
        program,
        identities: batchIdentities,
        disposableEmails: disposableEmails.filter((entry) => inBatch.has(entry.creatorId)),
        couponSites,
      };

      const items: RiskVerdictItem[] = [];
      for (const rule of rules) {
        const started = performance.now();
        const outcome = runHistoryRules(input, perRuleSettings.get(rule) ?? settings, dismissals, now);
        const ms = performance.now() - started;
        const kept = outcome.verdicts.filter((item) => inBatch.has(item.verdict.creatorId) && item.verdict.rule === rule);
        items.push(...kept);
        const ruleSummary = (summary[rule] ??= { flagged: 0, dismissed: 0, ms: 0 });
        ruleSummary.flagged += kept.length;
        ruleSummary.dismissed += outcome.dismissed;
        ruleSummary.ms = Math.round(ruleSummary.ms + ms);
        const errors = outcome.errors.filter((error) => error.rule === rule).map((error) => error.message);
        if (errors.length > 0) ruleSummary.errors = [...(ruleSummary.errors ?? []), ...errors].slice(0, 20);
      }

      const nextDone = creatorsDone + batch.length;
      const chunks = chunk(sortVerdicts(items), perTransaction);
      if (chunks.length === 0) chunks.push([]);
      for (const [index, verdicts] of chunks.entries()) {
        const last = index === chunks.length - 1;
        const applied = await db.$transaction(
          async (tx) => {
            await renewLease(tx, scan, leaseFromNow(), last ? { creatorsDone: nextDone, summary } : {});
            return applyRiskVerdicts(tx, { shop, now, actor: RISK_SYSTEM_ACTOR }, verdicts);
          },
          { maxWait: 30_000, timeout: 120_000 },
        );
        for (const result of applied) if (result.flagId) flagIds.add(result.flagId);
      }
      creatorsDone = nextDone;
      options.onProgress?.({ scanId: scan.scanId, creatorsDone, creatorsTotal: creators.length });
    }

    await db.$transaction((tx) => renewLease(tx, scan, null, { finishedAt: clock(), flagsRaised: flagIds.size, summary, creatorsDone }));
    return { outcome: "ran", scanId: scan.scanId, creatorsTotal: creators.length, flagsRaised: flagIds.size, summary };
  } catch (error) {
    // Recorded on the scan (the admin shows it) and finished, so the job does not retry a failing scan all night;
    // "Scan now" runs a new one. A lost lease writes nothing: the new owner carries on.
    const message = error instanceof Error ? error.message : String(error);
    await db.riskScan
      .updateMany({ where: { shop, id: scan.scanId, leaseOwner: scan.owner }, data: { error: message.slice(0, 2_000), finishedAt: clock(), leaseUntil: null, leaseOwner: null } })
      .catch(() => undefined);
    throw error;
  }
}

/** Plain code-unit order, the same in every process whatever the database's collation. */
function sortById<T extends { id: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Verdicts in a stable order (creator, rule), so concurrent writers lock flags in the same order. */
function sortVerdicts(items: RiskVerdictItem[]): RiskVerdictItem[] {
  const key = (verdict: RiskVerdict) => `${verdict.creatorId}\u0000${verdict.rule}`;
  return items.sort((a, b) => (key(a.verdict) < key(b.verdict) ? -1 : key(a.verdict) > key(b.verdict) ? 1 : 0));
}

function linkedOutside(links: readonly IdentityLink[], inBatch: ReadonlySet<string>, creatorsById: ReadonlyMap<string, ScannedCreator>): ScannedCreator[] {
  const ids = new Set(links.flatMap((link) => link.creatorIds).filter((id) => !inBatch.has(id)));
  return [...ids].flatMap((id) => {
    const creator = creatorsById.get(id);
    return creator ? [creator] : [];
  });
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
  return chunks;
}
