/**
 * The Payouts page loader's data work (app/routes/app.payouts._index.tsx), for the payouts benchmark: the same
 * service and repository calls in the same Promise.all, then the same follow-up reads and formatting, without the
 * session token check (authenticate.admin) the route does first. Keep it in step with the loader.
 */
import type { Database } from "../../app/db.server.ts";
import { formatMoney } from "../../app/domain/money/index.ts";
import { findNextPayoutSlot, readPayoutSchedule } from "../../app/domain/payouts/index.ts";
import { formatShopDateTime } from "../../app/domain/reporting/format-shop-date.ts";
import { listPayoutRuns } from "../../app/repositories/payout-run-repository.server.ts";
import { listPayouts, sumPayoutsByMonth } from "../../app/repositories/payout-repository.server.ts";
import { listCreatorsOwed } from "../../app/services/payouts/list-creators-owed.server.ts";
import { buildRunActorNames } from "../../app/services/payouts/runs/describe-run-actor.server.ts";
import { readShopTimeZone } from "../../app/services/read-shop-time-zone.server.ts";

const PAYOUTS_PER_PAGE = 25;
const OWED_PER_PAGE = 25;
const RUNS_SHOWN = 10;
const CHART_MONTHS = 12;

let lastOwedPage = 1;

/** One page load; `pickOwedPage(lastPage)` chooses which owed page (the bench cycles first, second, middle, last). */
export async function loadPayoutsPageData(db: Database, shop: string, pickOwedPage: (lastPage: number) => number) {
  const owedPage = pickOwedPage(lastOwedPage);
  const now = new Date();
  const chartFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (CHART_MONTHS - 1), 1));
  const [owed, history, byMonth, timeZone, runs, payoutSettings] = await Promise.all([
    listCreatorsOwed(db, shop, { skip: (owedPage - 1) * OWED_PER_PAGE, take: OWED_PER_PAGE }),
    listPayouts(db, shop, { skip: 0, take: PAYOUTS_PER_PAGE }),
    sumPayoutsByMonth(db, shop, chartFrom),
    readShopTimeZone(db, shop),
    listPayoutRuns(db, shop, { skip: 0, take: RUNS_SHOWN }),
    db.payoutSettings.findUnique({ where: { shop }, select: { schedule: true, scheduleWeekday: true, scheduleMonthDay: true } }),
  ]);
  lastOwedPage = Math.max(1, Math.ceil(owed.total / OWED_PER_PAGE));
  const runActor = await buildRunActorNames(db, shop, runs.runs.map((run) => run.approvedBy), "staff:bench-viewer");
  const slot = payoutSettings === null ? null : findNextPayoutSlot(readPayoutSchedule(payoutSettings), now, timeZone);
  const creatorNames = new Map(
    (await db.creator.findMany({ where: { shop, id: { in: history.payouts.map((payout) => payout.creatorId) } }, select: { id: true, name: true } })).map((creator) => [creator.id, creator.name]),
  );
  const money = (amountMinor: bigint, currency: string) => formatMoney({ amountMinor, currency });
  return {
    nextScheduledRun: slot === null ? null : formatShopDateTime(slot.startsAt, timeZone),
    runs: runs.runs.map((run) => ({ id: run.id, total: money(run.totalMinor, run.currency), approvedBy: runActor(run.approvedBy), plannedAt: formatShopDateTime(run.plannedAt, timeZone) })),
    owed: owed.creators.map((creator) => ({ creatorId: creator.creatorId, total: money(creator.plan.total.amountMinor > 0n ? creator.plan.total.amountMinor : 0n, creator.currency), reason: creator.plan.reason })),
    payouts: history.payouts.map((payout) => ({ id: payout.id, creatorName: creatorNames.get(payout.creatorId) ?? "(deleted creator)", amount: money(payout.amountMinor, payout.currency) })),
    months: byMonth.length,
  };
}
