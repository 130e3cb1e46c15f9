import { describe, expect, it } from "vitest";
import { createRateFromBasisPoints, parseDecimalAmount, parsePercentage, type Money } from "../money";
import type { CommissionInput, CommissionLineItem, CommissionOrder, CommissionProgram, MoneyPair, RateRule } from "./commission-types";
import { evaluateCommission } from "./evaluate-commission";

const parseMoney = (text: string, currency = "USD"): Money => parseDecimalAmount(text, currency);
const buildPair = (text: string, currency = "USD", presentment?: Money): MoneyPair => ({
  shop: parseMoney(text, currency),
  presentment: presentment ?? parseMoney(text, currency),
});
const buildPercentRule = (text: string): RateRule => ({ kind: "percentage", rate: parsePercentage(text) });

function buildLine(id: string, unitPrice: string, quantity: number, extra: Partial<CommissionLineItem> = {}, currency = "USD"): CommissionLineItem {
  return {
    lineItemId: id,
    productId: `product-${id}`,
    collectionIds: [],
    quantity,
    unitPrice: buildPair(unitPrice, currency),
    discountAllocations: [],
    taxLines: [],
    giftCard: false,
    tip: false,
    ...extra,
  };
}

function buildInput(
  lines: CommissionLineItem[],
  options: { program?: Partial<CommissionProgram>; order?: Partial<CommissionOrder>; override?: RateRule | null; revenue?: string; currency?: string } = {},
): CommissionInput {
  const currency = options.currency ?? "USD";
  return {
    order: {
      orderId: "order-1",
      shopCurrency: currency,
      presentmentCurrency: currency,
      taxesIncluded: false,
      lineItems: lines,
      unallocatedOrderDiscount: buildPair("0", currency),
      customerPreviousOrderCount: 0,
      ...options.order,
    },
    program: {
      ruleVersionId: "rules-v7",
      defaultRule: buildPercentRule("10"),
      productRates: [],
      collectionRates: [],
      newCustomersOnly: false,
      capPerOrder: null,
      ...options.program,
    },
    creator: {
      creatorId: "alice",
      override: options.override ?? null,
      attributedRevenueBeforeOrder: parseMoney(options.revenue ?? "0", currency),
    },
  };
}

const listLineCommissions = (input: CommissionInput) =>
  evaluateCommission(input).lines.map((line) => line.commission.amountMinor);

describe("evaluateCommission: base and rounding (USD, 10% default)", () => {
  it.each([
    { label: "one line, exact", lines: [buildLine("a", "10.00", 2)], order: {}, total: 200n, perLine: [200n] },
    {
      label: "line discount allocations come off the base",
      lines: [buildLine("a", "10.00", 2, { discountAllocations: [buildPair("1.50"), buildPair("0.50")] })],
      order: {}, total: 180n, perLine: [180n],
    },
    {
      label: "unallocated order discount is spread pro rata (1:2)",
      lines: [buildLine("a", "10.00", 1), buildLine("b", "20.00", 1)],
      order: { unallocatedOrderDiscount: buildPair("3.00") }, total: 270n, perLine: [90n, 180n],
    },
    {
      label: "order discount that does not divide evenly loses no cent",
      lines: [buildLine("a", "1.00", 1), buildLine("b", "1.00", 1), buildLine("c", "1.00", 1)],
      order: { unallocatedOrderDiscount: buildPair("1.00") }, total: 20n, perLine: [6n, 7n, 7n],
    },
    { label: "tie rounds half-even: $10.05 × 10% = 1.005 → $1.00", lines: [buildLine("a", "10.05", 1)], order: {}, total: 100n, perLine: [100n] },
    { label: "tie rounds half-even: $10.15 × 10% = 1.015 → $1.02", lines: [buildLine("a", "10.15", 1)], order: {}, total: 102n, perLine: [102n] },
    {
      label: "rounded once per order, not per line: 3 × $0.05 → 0.015 → $0.02",
      lines: [buildLine("a", "0.05", 1), buildLine("b", "0.05", 1), buildLine("c", "0.05", 1)],
      order: {}, total: 2n, perLine: [1n, 1n, 0n],
    },
    {
      label: "gift cards and tips are excluded and take no order discount",
      lines: [buildLine("a", "50.00", 1), buildLine("gift", "25.00", 1, { giftCard: true }), buildLine("tip", "5.00", 1, { tip: true, productId: null })],
      order: { unallocatedOrderDiscount: buildPair("10.00") }, total: 400n, perLine: [400n, 0n, 0n],
    },
    {
      label: "taxes_included: tax inside the price comes out",
      lines: [buildLine("a", "12.00", 1, { taxLines: [buildPair("2.00")] })],
      order: { taxesIncluded: true }, total: 100n, perLine: [100n],
    },
    {
      label: "taxes not included: tax lines are ignored (never part of the price)",
      lines: [buildLine("a", "10.00", 1, { taxLines: [buildPair("0.80")] })],
      order: {}, total: 100n, perLine: [100n],
    },
    {
      label: "discount larger than the line floors the base at zero",
      lines: [buildLine("a", "5.00", 1, { discountAllocations: [buildPair("6.00")] }), buildLine("b", "10.00", 1)],
      order: {}, total: 100n, perLine: [0n, 100n],
    },
    { label: "zero quantity line", lines: [buildLine("a", "10.00", 0), buildLine("b", "10.00", 1)], order: {}, total: 100n, perLine: [0n, 100n] },
  ])("$label", ({ lines, order, total, perLine }) => {
    const derivation = evaluateCommission(buildInput(lines, { order }));
    expect(derivation.commission).toEqual({ amountMinor: total, currency: "USD" });
    expect(derivation.lines.map((line) => line.commission.amountMinor)).toEqual(perLine);
    expect(derivation.ruleVersionId).toBe("rules-v7");
  });
});

describe("evaluateCommission: currencies with 0 and 3 decimals", () => {
  it.each([
    { label: "JPY ¥1,250 × 3 at 10%", currency: "JPY", lines: [buildLine("a", "1250", 3, {}, "JPY")], rule: buildPercentRule("10"), total: 375n },
    { label: "JPY ¥125 at 10% = 12.5 → ¥12 (half-even)", currency: "JPY", lines: [buildLine("a", "125", 1, {}, "JPY")], rule: buildPercentRule("10"), total: 12n },
    { label: "JPY ¥135 at 10% = 13.5 → ¥14 (half-even)", currency: "JPY", lines: [buildLine("a", "135", 1, {}, "JPY")], rule: buildPercentRule("10"), total: 14n },
    { label: "KWD 12.345 at 15% = 1.85175 → 1.852", currency: "KWD", lines: [buildLine("a", "12.345", 1, {}, "KWD")], rule: buildPercentRule("15"), total: 1852n },
    { label: "KWD 1.005 at 50% = 0.5025 → 0.502", currency: "KWD", lines: [buildLine("a", "1.005", 1, {}, "KWD")], rule: buildPercentRule("50"), total: 502n },
  ])("$label", ({ currency, lines, rule, total }) => {
    const derivation = evaluateCommission(buildInput(lines, { currency, program: { defaultRule: rule } }));
    expect(derivation.commission).toEqual({ amountMinor: total, currency });
  });

  it("keeps presentment money beside shop money", () => {
    const line = buildLine("a", "20.00", 2, { unitPrice: buildPair("20.00", "USD", parseMoney("18.50", "EUR")), discountAllocations: [buildPair("4.00", "USD", parseMoney("3.70", "EUR"))] });
    const derivation = evaluateCommission(buildInput([line], { order: { presentmentCurrency: "EUR", unallocatedOrderDiscount: buildPair("0", "USD", parseMoney("0", "EUR")) } }));
    expect(derivation.lines[0]?.base).toEqual({ shop: parseMoney("36.00"), presentment: parseMoney("33.30", "EUR") });
    expect(derivation.commission).toEqual(parseMoney("3.60"));
    expect(derivation.explanation[0]).toContain("(€33.30 as paid)");
  });
});

describe("evaluateCommission: which rate wins (product > collection > creator override > program default)", () => {
  const program = {
    productRates: [{ productId: "product-p", rate: createRateFromBasisPoints(2000n) }],
    collectionRates: [
      { collectionId: "summer", rate: createRateFromBasisPoints(1500n) },
      { collectionId: "sale", rate: createRateFromBasisPoints(500n) },
    ],
  };
  it.each([
    { label: "product rate beats its collection", line: { productId: "product-p", collectionIds: ["summer"] }, override: null, source: "product", commission: 2000n },
    { label: "collection rate beats the creator override", line: { collectionIds: ["summer"] }, override: buildPercentRule("12"), source: "collection", commission: 1500n },
    { label: "first listed collection wins when a product is in two", line: { collectionIds: ["sale", "summer"] }, override: null, source: "collection", commission: 1500n },
    { label: "creator override beats the program default", line: {}, override: buildPercentRule("12"), source: "creator_override", commission: 1200n },
    { label: "program default when nothing else applies", line: {}, override: null, source: "program_default", commission: 1000n },
  ])("$label", ({ line, override, source, commission }) => {
    const derivation = evaluateCommission(buildInput([buildLine("a", "100.00", 1, line)], { program, override }));
    expect(derivation.lines[0]?.rule?.source).toBe(source);
    expect(derivation.commission.amountMinor).toBe(commission);
  });
});

describe("evaluateCommission: tiers chosen from revenue BEFORE this order", () => {
  const tiered: RateRule = {
    kind: "tiered",
    tiers: [
      { minimumRevenue: parseMoney("5000.00"), rate: createRateFromBasisPoints(1500n) },
      { minimumRevenue: parseMoney("0"), rate: createRateFromBasisPoints(1000n) },
    ],
  };
  it.each([
    { label: "first order: ≥ $0 tier", revenue: "0", commission: 2000n, tierMinimum: "0" },
    { label: "one cent short of $5,000: still 10%", revenue: "4999.99", commission: 2000n, tierMinimum: "0" },
    { label: "exactly $5,000 before: 15%", revenue: "5000.00", commission: 3000n, tierMinimum: "5000.00" },
    { label: "this order crosses $5,000 but is paid at 10%", revenue: "4900.00", commission: 2000n, tierMinimum: "0" },
  ])("$label", ({ revenue, commission, tierMinimum }) => {
    const derivation = evaluateCommission(buildInput([buildLine("a", "200.00", 1)], { program: { defaultRule: tiered }, revenue }));
    expect(derivation.commission.amountMinor).toBe(commission);
    expect(derivation.tier?.minimumRevenue).toEqual(parseMoney(tierMinimum));
  });

  it("pays nothing, and says why, when no tier is reached", () => {
    const rule: RateRule = { kind: "tiered", tiers: [{ minimumRevenue: parseMoney("100.00"), rate: createRateFromBasisPoints(1000n) }] };
    const derivation = evaluateCommission(buildInput([buildLine("a", "200.00", 1)], { program: { defaultRule: rule }, revenue: "50.00" }));
    expect(derivation.commission.amountMinor).toBe(0n);
    expect(derivation.adjustments.map((adjustment) => adjustment.kind)).toEqual(["no_tier"]);
  });
});

describe("evaluateCommission: flat per order", () => {
  const flat: RateRule = { kind: "flat_per_order", amount: parseMoney("5.00") };
  it.each([
    { label: "shared pro rata to base", lines: [buildLine("a", "10.00", 1), buildLine("b", "30.00", 1)], program: { defaultRule: flat }, perLine: [125n, 375n], earned: true },
    {
      label: "a product-rated line takes its percentage, the rest shares the flat",
      lines: [buildLine("p", "100.00", 1), buildLine("b", "30.00", 1)],
      program: { defaultRule: flat, productRates: [{ productId: "product-p", rate: createRateFromBasisPoints(2000n) }] },
      perLine: [2000n, 500n], earned: true,
    },
    {
      label: "not earned on a fully discounted order",
      lines: [buildLine("a", "10.00", 1, { discountAllocations: [buildPair("10.00")] })],
      program: { defaultRule: flat }, perLine: [0n], earned: false,
    },
  ])("$label", ({ lines, program, perLine, earned }) => {
    const derivation = evaluateCommission(buildInput(lines, { program }));
    expect(derivation.lines.map((line) => line.commission.amountMinor)).toEqual(perLine);
    expect(derivation.flatPerOrder?.earned).toBe(earned);
  });
});

describe("evaluateCommission: new customers only", () => {
  it.each([
    { label: "new customer earns", previous: 0, commission: 1000n, adjustments: [] },
    { label: "returning customer earns zero", previous: 2, commission: 0n, adjustments: ["new_customers_only"] },
    { label: "unknown history counts as new", previous: null, commission: 1000n, adjustments: ["customer_history_unknown"] },
  ])("$label", ({ previous, commission, adjustments }) => {
    const derivation = evaluateCommission(buildInput([buildLine("a", "100.00", 1)], {
      program: { newCustomersOnly: true },
      order: { customerPreviousOrderCount: previous },
    }));
    expect(derivation.commission.amountMinor).toBe(commission);
    expect(derivation.adjustments.map((adjustment) => adjustment.kind)).toEqual(adjustments);
  });

  it("gives the reason in words", () => {
    const derivation = evaluateCommission(buildInput([buildLine("a", "100.00", 1)], { program: { newCustomersOnly: true }, order: { customerPreviousOrderCount: 1 } }));
    expect(derivation.explanation).toContain("The program pays on new customers only, and this customer had 1 earlier order: commission is zero.");
  });
});

describe("evaluateCommission: cap per order", () => {
  it.each([
    { label: "under the cap", cap: "50.00", lines: [buildLine("a", "100.00", 1)], perLine: [1000n], applied: false },
    { label: "over the cap: shared pro rata", cap: "50.00", lines: [buildLine("a", "300.00", 1), buildLine("b", "700.00", 1)], perLine: [1500n, 3500n], applied: true },
    { label: "over the cap with a remainder", cap: "0.10", lines: [buildLine("a", "1.00", 1), buildLine("b", "1.00", 1), buildLine("c", "1.00", 1)], perLine: [4n, 3n, 3n], applied: true },
  ])("$label", ({ cap, lines, perLine, applied }) => {
    const derivation = evaluateCommission(buildInput(lines, { program: { capPerOrder: parseMoney(cap) } }));
    expect(derivation.lines.map((line) => line.commission.amountMinor)).toEqual(perLine);
    expect(derivation.cap?.applied).toBe(applied);
  });
});

describe("evaluateCommission: derivation text", () => {
  it("reads line by line", () => {
    const derivation = evaluateCommission(buildInput(
      [buildLine("111", "25.00", 2, { discountAllocations: [buildPair("5.00")] }), buildLine("222", "10.00", 1, { giftCard: true })],
      { order: { unallocatedOrderDiscount: buildPair("4.50") }, program: { capPerOrder: parseMoney("4.00") } },
    ));
    expect(derivation.explanation).toEqual([
      "Line 111: 2 × unit = $50.00 − line discounts $5.00 − order discount share $4.50 = base $40.50; 10% (program default) → $4.05.",
      "Line 222: excluded (gift card: not a sale until it is redeemed).",
      "Capped at $4.00 per order (was $4.05); the cap is shared across lines in proportion to their commission.",
      "Commission: $4.00 (rule version rules-v7). Tax, shipping and tips are never commissionable.",
    ]);
  });
});

describe("evaluateCommission: refuses inconsistent input", () => {
  it.each([
    { label: "line price in another currency", input: buildInput([buildLine("a", "10", 1, {}, "JPY")]), message: /shop price of line item a is in JPY/ },
    { label: "rate above 100%", input: buildInput([buildLine("a", "10.00", 1)], { program: { defaultRule: buildPercentRule("150") } }), message: /between 0% and 100%/ },
    { label: "duplicate line ids", input: buildInput([buildLine("a", "10.00", 1), buildLine("a", "10.00", 1)]), message: /appears twice/ },
    { label: "fractional quantity", input: buildInput([buildLine("a", "10.00", 1.5)]), message: /whole number of units/ },
    { label: "cap in another currency", input: buildInput([buildLine("a", "10.00", 1)], { program: { capPerOrder: parseMoney("5", "JPY") } }), message: /cap per order is in JPY/ },
  ])("$label", ({ input, message }) => {
    expect(() => evaluateCommission(input)).toThrow(message);
  });
});

describe("evaluateCommission: lines always add up to the order commission", () => {
  it("for a mixed order", () => {
    const input = buildInput(
      [buildLine("a", "19.99", 3), buildLine("b", "0.33", 7, { collectionIds: ["c"] }), buildLine("c", "5.55", 1)],
      { program: { collectionRates: [{ collectionId: "c", rate: parsePercentage("33.3333") }], capPerOrder: parseMoney("7.77") }, order: { unallocatedOrderDiscount: buildPair("1.01") } },
    );
    const derivation = evaluateCommission(input);
    expect(listLineCommissions(input).reduce((sum, amount) => sum + amount, 0n)).toBe(derivation.commission.amountMinor);
  });
});
