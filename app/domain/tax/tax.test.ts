import { describe, expect, it } from "vitest";
import { buildTaxReport, classifyPaymentFor1099, find1099NecThreshold, findTaxYearRange, type TaxReportCreator } from "./index";

describe("find1099NecThreshold", () => {
  it.each([
    { year: 2024, currency: "USD", expected: 60_000n, why: "before the change: $600" },
    { year: 2025, currency: "USD", expected: 60_000n, why: "payments made in 2025: still $600" },
    { year: 2026, currency: "USD", expected: 200_000n, why: "payments made after 2025: $2,000" },
    { year: 2027, currency: "USD", expected: 200_000n, why: "later years: $2,000 (until inflation indexing is added)" },
    { year: 2026, currency: "EUR", expected: null, why: "not USD: no threshold" },
    { year: 2025, currency: "CAD", expected: null, why: "not USD: no threshold" },
  ])("$year $currency → $expected ($why)", ({ year, currency, expected }) => {
    expect(find1099NecThreshold(year, currency)?.amountMinor ?? null).toBe(expected);
  });
});

describe("classifyPaymentFor1099", () => {
  it.each([
    ["paypal", "1099-K"],
    ["card", "1099-K"],
    ["store_credit", "1099-NEC"],
    ["gift_card", "1099-NEC"],
    ["sepa_file", "1099-NEC"],
    ["wise_file", "1099-NEC"],
    ["csv_file", "1099-NEC"],
    ["bank_transfer", "1099-NEC"],
    ["manual", "1099-NEC"],
    ["other", "1099-NEC"],
  ])("%s → %s", (method, form) => {
    expect(classifyPaymentFor1099(method)).toBe(form);
  });
});

describe("findTaxYearRange", () => {
  it.each([
    { year: 2025, zone: "UTC", start: "2025-01-01T00:00:00.000Z", end: "2026-01-01T00:00:00.000Z" },
    { year: 2025, zone: "America/Los_Angeles", start: "2025-01-01T08:00:00.000Z", end: "2026-01-01T08:00:00.000Z" },
    { year: 2026, zone: "Asia/Tokyo", start: "2025-12-31T15:00:00.000Z", end: "2026-12-31T15:00:00.000Z" },
  ])("$year in $zone: [$start, $end)", ({ year, zone, start, end }) => {
    const range = findTaxYearRange(year, zone);
    expect([range.start.toISOString(), range.end.toISOString()]).toEqual([start, end]);
  });
  it("refuses a year that is not one", () => {
    expect(() => findTaxYearRange(20.5, "UTC")).toThrow(/not a tax year/);
  });
});

const creator = (id: string, taxForm: TaxReportCreator["taxForm"] = null): TaxReportCreator => ({ id, name: `Creator ${id}`, email: `${id}@example.com`, taxForm });
const W9 = { kind: "w9" as const, country: "US", tinLast4: "6789" };
const W8 = { kind: "w8ben" as const, country: "DE", tinLast4: null };

describe("buildTaxReport", () => {
  it.each([
    { why: "2025: $600.00 by bank, W-9 → due", year: 2025, payments: [["bank_transfer", 60_000n]], form: W9, status: "nec_due", flagged: false },
    { why: "2025: $599.99 → below", year: 2025, payments: [["bank_transfer", 59_999n]], form: null, status: "below_threshold", flagged: false },
    { why: "2025: $600.00, no W-9 → flagged", year: 2025, payments: [["manual", 60_000n]], form: null, status: "nec_due_missing_w9", flagged: true },
    { why: "2026: $1,999.99 → below", year: 2026, payments: [["store_credit", 199_999n]], form: null, status: "below_threshold", flagged: false },
    { why: "2026: $2,000.00 split over two methods → due", year: 2026, payments: [["store_credit", 100_000n], ["sepa_file", 100_000n]], form: W9, status: "nec_due", flagged: false },
    { why: "2026: $5,000 all by PayPal → 1099-K only, below", year: 2026, payments: [["paypal", 500_000n]], form: null, status: "below_threshold", flagged: false },
    { why: "2026: $1,500 bank + $1,000 PayPal → NEC part below", year: 2026, payments: [["bank_transfer", 150_000n], ["paypal", 100_000n]], form: null, status: "below_threshold", flagged: false },
    { why: "2026: $3,000 bank, W-8BEN → no 1099", year: 2026, payments: [["bank_transfer", 300_000n]], form: W8, status: "w8ben", flagged: false },
  ] as const)("$why", ({ year, payments, form, status, flagged }) => {
    const report = buildTaxReport({ year, currency: "USD", payments: payments.map(([method, amountMinor]) => ({ creatorId: "c1", method, amountMinor })), creators: [creator("c1", form)] });
    expect(report.lines).toHaveLength(1);
    expect(report.lines[0]).toMatchObject({ status, flagged });
  });

  it("separates 1099-K amounts, totals per creator and for the shop, flagged first", () => {
    const report = buildTaxReport({
      year: 2026,
      currency: "USD",
      payments: [
        { creatorId: "a", method: "paypal", amountMinor: 70_000n },
        { creatorId: "a", method: "bank_transfer", amountMinor: 30_000n },
        { creatorId: "b", method: "sepa_file", amountMinor: 250_000n },
        { creatorId: "b", method: "sepa_file", amountMinor: 1n },
      ],
      creators: [creator("a", W9), creator("b")],
    });
    expect(report.lines.map((line) => [line.creatorId, line.total.amountMinor, line.nec.amountMinor, line.processorReported.amountMinor, line.status])).toEqual([
      ["b", 250_001n, 250_001n, 0n, "nec_due_missing_w9"],
      ["a", 100_000n, 30_000n, 70_000n, "below_threshold"],
    ]);
    expect(report.lines[1]?.byMethod.map((entry) => [entry.method, entry.amount.amountMinor, entry.form])).toEqual([
      ["bank_transfer", 30_000n, "1099-NEC"],
      ["paypal", 70_000n, "1099-K"],
    ]);
    expect(report.totals).toEqual({ total: { amountMinor: 350_001n, currency: "USD" }, nec: { amountMinor: 280_001n, currency: "USD" }, processorReported: { amountMinor: 70_000n, currency: "USD" } });
    expect([report.flaggedCount, report.necDueCount]).toEqual([1, 1]);
  });

  it("a non-USD shop: totals shown, no threshold, nobody flagged", () => {
    const report = buildTaxReport({ year: 2026, currency: "EUR", payments: [{ creatorId: "a", method: "sepa_file", amountMinor: 900_000n }], creators: [creator("a")] });
    expect(report.threshold).toBeNull();
    expect(report.lines[0]).toMatchObject({ status: "no_threshold", flagged: false, total: { amountMinor: 900_000n, currency: "EUR" } });
  });
});
