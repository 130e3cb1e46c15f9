/**
 * The year-end tax report for one shop and calendar year (in the shop's time zone). What counts as paid: a payout
 * recorded by hand that is not voided, or a payout run's payout whose item succeeded (not voided). A run payout is
 * dated when its item succeeded (money moved), a recorded one when it was recorded. Summed in SQL per creator and
 * method; the pure report (app/domain/tax) decides thresholds, 1099-K separation and flags.
 */
import type { Database } from "../../db.server";
import { buildTaxReport, findTaxYearRange, type TaxReport } from "../../domain/tax";
import { readCurrentTaxForms } from "./read-current-tax-forms.server";

export interface ShopTaxReport extends TaxReport {
  timeZone: string;
  /** Payments in another currency than the shop's (not summed in; shown as a note). */
  otherCurrencyPaymentCount: number;
}

interface PaymentSumRow {
  creatorId: string;
  method: string;
  currency: string;
  amountMinor: bigint;
  paymentCount: bigint;
}

export async function buildShopTaxReport(db: Database, shop: string, year: number): Promise<ShopTaxReport> {
  const shopRow = await db.shop.findUnique({ where: { shop }, select: { currencyCode: true, ianaTimezone: true } });
  if (!shopRow) throw new Error(`Affable has no record of ${shop} yet: open the app from the Shopify admin once so it can read the shop's currency and time zone.`);
  const timeZone = shopRow.ianaTimezone || "UTC";
  const { start, end } = findTaxYearRange(year, timeZone);
  const rows = await db.$queryRaw<PaymentSumRow[]>`
    SELECT p."creatorId", p.method, p.currency, SUM(p."amountMinor")::bigint AS "amountMinor", COUNT(*)::bigint AS "paymentCount"
    FROM "Payout" p
    LEFT JOIN "PayoutRunItem" i ON i.shop = p.shop AND i.id = p."runItemId"
    WHERE p.shop = ${shop}
      AND p."voidedAt" IS NULL
      AND (p."runItemId" IS NULL OR i.status = 'succeeded')
      AND COALESCE(i."finishedAt", p."createdAt") >= ${start}
      AND COALESCE(i."finishedAt", p."createdAt") < ${end}
    GROUP BY p."creatorId", p.method, p.currency`;
  const currency = shopRow.currencyCode;
  const payments = rows.filter((row) => row.currency === currency).map((row) => ({ creatorId: row.creatorId, method: row.method, amountMinor: BigInt(row.amountMinor) }));
  const otherCurrencyPaymentCount = rows.filter((row) => row.currency !== currency).reduce((sum, row) => sum + Number(row.paymentCount), 0);
  const creatorIds = [...new Set(payments.map((payment) => payment.creatorId))];
  const [creators, forms] = await Promise.all([
    db.creator.findMany({ where: { shop, id: { in: creatorIds } }, select: { id: true, name: true, email: true } }),
    readCurrentTaxForms(db, shop, creatorIds),
  ]);
  const report = buildTaxReport({ year, currency, payments, creators: creators.map((creator) => ({ ...creator, taxForm: forms.get(creator.id) ?? null })) });
  return { ...report, timeZone, otherCurrencyPaymentCount };
}
