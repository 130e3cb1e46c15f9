/**
 * The year-end tax report on a real PostgreSQL database: calendar years in the shop's time zone, the 2025 → 2026
 * threshold change, 1099-K separation, voided and failed payouts left out, W-9 / W-8BEN, the CSV, and the missing
 * tax form check a run preview uses.
 */
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import type { PayoutItemStatus } from "../../generated/prisma/client";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { buildShopTaxReport, exportTaxReportCsv, listMissingTaxForms, TAX_REPORT_CSV_COLUMNS } from "./index";

const postgresUrl = inject("postgresUrl");
const SHOP = "tax-la.myshopify.com";
const EUR_SHOP = "tax-eur.myshopify.com";
const OTHER_SHOP = "tax-other.myshopify.com";
let db: Database;
let payoutCounter = 0;
const ids: Record<string, string> = {};

async function createCreator(shop: string, handle: string) {
  const creator = await db.creator.create({ data: { shop, handle, name: handle[0]!.toUpperCase() + handle.slice(1), email: `${handle}@example.com`, refToken: `r_${handle}_${shop}`, status: "approved" } });
  ids[`${shop}:${handle}`] = creator.id;
  return creator.id;
}

/** A payout recorded by hand (no run), at `at`. */
async function recordPayout(shop: string, creatorId: string, method: string, amountMinor: bigint, at: string, options: { voided?: boolean; currency?: string } = {}) {
  payoutCounter += 1;
  await db.payout.create({
    data: {
      shop, creatorId, currency: options.currency ?? (shop === EUR_SHOP ? "EUR" : "USD"), amountMinor, commissionCount: 1, method, createdBy: "staff:1", requestKey: `k${payoutCounter}`, createdAt: new Date(at),
      ...(options.voided ? { voidedAt: new Date(at), voidedBy: "staff:1", voidReason: "Recorded by mistake" } : {}),
    },
  });
}

/** A payout made by a run: the Payout is created at approval (approvedAt), the money moves when the item finishes. */
async function runPayout(shop: string, creatorId: string, method: "paypal" | "store_credit" | "sepa_file", amountMinor: bigint, approvedAt: string, finishedAt: string | null, status: PayoutItemStatus, voided = false) {
  payoutCounter += 1;
  const run = await db.payoutRun.create({ data: { shop, status: "submitted", currency: "USD", totalMinor: amountMinor, itemCount: 1, trigger: "manual", plannedAt: new Date(approvedAt), plannedBy: "staff:1" } });
  const item = await db.payoutRunItem.create({
    data: { shop, runId: run.id, creatorId, status, method, currency: "USD", amountMinor, senderItemId: `AFF-item-${payoutCounter}`, finishedAt: finishedAt === null ? null : new Date(finishedAt) },
  });
  await db.payout.create({
    data: {
      shop, creatorId, currency: "USD", amountMinor, commissionCount: 1, method, createdBy: "staff:1", requestKey: `run-${payoutCounter}`, createdAt: new Date(approvedAt), runItemId: item.id,
      ...(voided ? { voidedAt: new Date(finishedAt ?? approvedAt), voidedBy: "system:paypal", voidReason: "RETURNED" } : {}),
    },
  });
}

async function signForm(shop: string, creatorId: string, kind: "w9" | "w8ben", options: { superseded?: boolean } = {}) {
  await db.creatorTaxForm.create({
    data: {
      shop, creatorId, kind, legalName: "Legal Name", country: kind === "w9" ? "US" : "DE", address: { line1: "1 Main St", city: "Town", postalCode: "12345", country: kind === "w9" ? "US" : "DE" },
      tinType: kind === "w9" ? "ssn" : "foreign_tin", tinLast4: kind === "w9" ? "6789" : null, signatureName: "Legal Name", signedAt: new Date("2025-01-15T00:00:00Z"),
      supersededAt: options.superseded ? new Date("2025-06-01T00:00:00Z") : null,
    },
  });
}

const line = (report: Awaited<ReturnType<typeof buildShopTaxReport>>, handle: string) => report.lines.find((entry) => entry.creatorId === ids[`${SHOP}:${handle}`]);

describe.skipIf(postgresUrl === null)("year-end tax report (PostgreSQL)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "tax_report")).db;
    await db.shop.create({ data: { shop: SHOP, name: "LA shop", currencyCode: "USD", ianaTimezone: "America/Los_Angeles" } });
    await db.shop.create({ data: { shop: EUR_SHOP, name: "EUR shop", currencyCode: "EUR", ianaTimezone: "Europe/Berlin" } });
    await db.shop.create({ data: { shop: OTHER_SHOP, name: "Other", currencyCode: "USD", ianaTimezone: "UTC" } });

    // Ava: $600.00 by bank in 2025, the last $100 at 23:30 on Dec 31 in Los Angeles (07:30 UTC on Jan 1, 2026).
    const ava = await createCreator(SHOP, "ava");
    await recordPayout(SHOP, ava, "bank_transfer", 50_000n, "2025-06-01T12:00:00-07:00");
    await recordPayout(SHOP, ava, "bank_transfer", 10_000n, "2025-12-31T23:30:00-08:00");
    // Ben: $2,000.00 in 2026 (store credit through a run, $1,500, succeeded on Jan 1 at 00:10 LA though approved in 2025,
    // plus $500 by hand), and $5,000 by PayPal (1099-K), W-9 on file.
    const ben = await createCreator(SHOP, "ben");
    await runPayout(SHOP, ben, "store_credit", 150_000n, "2025-12-31T20:00:00-08:00", "2026-01-01T00:10:00-08:00", "succeeded");
    await recordPayout(SHOP, ben, "manual", 50_000n, "2026-03-01T12:00:00-08:00");
    await runPayout(SHOP, ben, "paypal", 500_000n, "2026-04-01T12:00:00-07:00", "2026-04-01T13:00:00-07:00", "succeeded");
    await signForm(SHOP, ben, "w9");
    // Cleo: $1,999.99 by bank in 2026 + $10,000 by PayPal: below the 1099-NEC threshold; a voided $900 and a failed
    // (voided) $700 run payout and a still-submitted $800 run payout do not count. Her W-9 was superseded.
    const cleo = await createCreator(SHOP, "cleo");
    await recordPayout(SHOP, cleo, "bank_transfer", 199_999n, "2026-05-01T12:00:00-07:00");
    await runPayout(SHOP, cleo, "paypal", 1_000_000n, "2026-05-02T12:00:00-07:00", "2026-05-02T13:00:00-07:00", "succeeded");
    await recordPayout(SHOP, cleo, "bank_transfer", 90_000n, "2026-06-01T12:00:00-07:00", { voided: true });
    await runPayout(SHOP, cleo, "sepa_file", 70_000n, "2026-06-02T12:00:00-07:00", "2026-06-03T12:00:00-07:00", "failed", true);
    await runPayout(SHOP, cleo, "sepa_file", 80_000n, "2026-06-04T12:00:00-07:00", null, "submitted");
    await signForm(SHOP, cleo, "w9", { superseded: true });
    // Dmitri: $3,000 by bank in 2026, W-8BEN: no 1099.
    const dmitri = await createCreator(SHOP, "dmitri");
    await recordPayout(SHOP, dmitri, "sepa_file", 300_000n, "2026-07-01T12:00:00-07:00");
    await signForm(SHOP, dmitri, "w8ben");
    // Eve: $2,500 by hand in 2026, no form at all: flagged. Her name looks like a formula.
    const eve = await db.creator.create({ data: { shop: SHOP, handle: "eve", name: "=HYPERLINK(\"x\")", email: "eve@example.com", refToken: "r_eve", status: "approved" } });
    ids[`${SHOP}:eve`] = eve.id;
    await recordPayout(SHOP, eve.id, "manual", 250_000n, "2026-08-01T12:00:00-07:00");

    const zoe = await createCreator(EUR_SHOP, "zoe");
    await recordPayout(EUR_SHOP, zoe, "sepa_file", 900_000n, "2026-02-01T12:00:00+01:00");
    const other = await createCreator(OTHER_SHOP, "otto");
    await recordPayout(OTHER_SHOP, other, "manual", 900_000n, "2026-02-01T12:00:00Z");
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("2025 in Los Angeles: the $600 threshold, a payment at 23:30 on Dec 31 counts in 2025", async () => {
    const report = await buildShopTaxReport(db, SHOP, 2025);
    expect(report.threshold).toEqual({ amountMinor: 60_000n, currency: "USD" });
    expect(report.lines.map((entry) => entry.creatorId)).toEqual([ids[`${SHOP}:ava`]]);
    expect(line(report, "ava")).toMatchObject({ nec: { amountMinor: 60_000n }, status: "nec_due_missing_w9", flagged: true });
  });

  it("2026 in Los Angeles: the $2,000 threshold, 1099-K separated, voided / failed / unsettled payouts left out, W-8BEN marked", async () => {
    const report = await buildShopTaxReport(db, SHOP, 2026);
    expect(report.threshold).toEqual({ amountMinor: 200_000n, currency: "USD" });
    expect(line(report, "ava")).toBeUndefined();
    // The store credit run approved on Dec 31 but paid at 00:10 on Jan 1 (LA) counts in 2026.
    expect(line(report, "ben")).toMatchObject({ total: { amountMinor: 700_000n }, nec: { amountMinor: 200_000n }, processorReported: { amountMinor: 500_000n }, status: "nec_due", flagged: false, taxFormKind: "w9", tinLast4: "6789" });
    expect(line(report, "ben")?.byMethod.map((entry) => [entry.method, entry.amount.amountMinor, entry.form])).toEqual([
      ["manual", 50_000n, "1099-NEC"],
      ["paypal", 500_000n, "1099-K"],
      ["store_credit", 150_000n, "1099-NEC"],
    ]);
    expect(line(report, "cleo")).toMatchObject({ total: { amountMinor: 1_199_999n }, nec: { amountMinor: 199_999n }, processorReported: { amountMinor: 1_000_000n }, status: "below_threshold", taxFormKind: null });
    expect(line(report, "dmitri")).toMatchObject({ nec: { amountMinor: 300_000n }, status: "w8ben", flagged: false });
    expect(line(report, "eve")).toMatchObject({ nec: { amountMinor: 250_000n }, status: "nec_due_missing_w9", flagged: true });
    expect(report.lines[0]?.creatorId).toBe(ids[`${SHOP}:eve`]);
    expect([report.flaggedCount, report.necDueCount]).toEqual([1, 2]);
    expect(report.totals.processorReported.amountMinor).toBe(1_500_000n);
  });

  it("2024 and 2027 have nothing; other shops' payouts never appear", async () => {
    expect((await buildShopTaxReport(db, SHOP, 2024)).lines).toEqual([]);
    expect((await buildShopTaxReport(db, SHOP, 2027)).lines).toEqual([]);
    const otherReport = await buildShopTaxReport(db, OTHER_SHOP, 2026);
    expect(otherReport.lines.map((entry) => entry.creatorId)).toEqual([ids[`${OTHER_SHOP}:otto`]]);
  });

  it("a EUR shop: totals without a 1099 threshold", async () => {
    const report = await buildShopTaxReport(db, EUR_SHOP, 2026);
    expect(report.threshold).toBeNull();
    expect(report.lines).toMatchObject([{ total: { amountMinor: 900_000n, currency: "EUR" }, status: "no_threshold", flagged: false }]);
  });

  it("the CSV has the accountant's columns, decimal amounts, and neutralised formulas", async () => {
    const csv = await exportTaxReportCsv(db, SHOP, 2026);
    const [header, ...rows] = parse(csv) as string[][];
    expect(header).toEqual([...TAX_REPORT_CSV_COLUMNS]);
    expect(header).toEqual(["Year", "Creator ID", "Name", "Email", "Currency", "Total paid", "1099-NEC amount", "1099-K amount (reported by processor)", "By method", "Tax form", "TIN last 4", "Status", "Needs attention"]);
    const ben = rows.find((row) => row[1] === ids[`${SHOP}:ben`]);
    expect(ben).toEqual(["2026", ids[`${SHOP}:ben`], "Ben", "ben@example.com", "USD", "7000.00", "2000.00", "5000.00", "manual: 500.00; paypal: 5000.00; store_credit: 1500.00", "W-9", "6789", "1099-NEC due", "no"]);
    const eve = rows.find((row) => row[1] === ids[`${SHOP}:eve`]);
    expect(eve?.[2]?.startsWith("'=")).toBe(true);
    expect(eve?.slice(11)).toEqual(["1099-NEC due: W-9 missing", "yes"]);
    expect(rows.find((row) => row[1] === ids[`${SHOP}:dmitri`])?.[11]).toBe("No 1099 (W-8BEN on file)");
  });

  it("listMissingTaxForms: creators without a current W-9 or W-8BEN, scoped by shop", async () => {
    const asked = ["ava", "ben", "cleo", "dmitri", "eve"].map((handle) => ids[`${SHOP}:${handle}`]!);
    const missing = await listMissingTaxForms(db, SHOP, asked);
    expect([...missing].sort()).toEqual([ids[`${SHOP}:ava`], ids[`${SHOP}:cleo`], ids[`${SHOP}:eve`]].sort());
    // Ben's W-9 is not another shop's.
    expect(await listMissingTaxForms(db, OTHER_SHOP, [ids[`${SHOP}:ben`]!])).toEqual(new Set([ids[`${SHOP}:ben`]]));
    expect(await listMissingTaxForms(db, SHOP, [])).toEqual(new Set());
  });
});
