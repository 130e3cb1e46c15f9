import { describe, expect, it } from "vitest";
import { evaluateCommission, type CommissionLineItem } from "../commission";
import { parseCreatorFields } from "../creators";
import { createMoney } from "../money";
import { buildCommissionProgram, buildCreatorOverride } from "./build-commission-program";

const settings = {
  shop: "rules.myshopify.com",
  currency: "USD",
  version: 4,
  defaultCommissionType: "percentage" as "percentage" | "flat" | "tiered",
  defaultCommissionBasisPoints: 1000,
  defaultCommissionFlatMinor: 0n,
  tiers: [
    { minimumRevenueMinor: 0n, basisPoints: 500 },
    { minimumRevenueMinor: 50_000n, basisPoints: 1500 },
  ],
  productRates: [{ productId: "gid://shopify/Product/1", title: "Hoodie", basisPoints: 3000 }],
  collectionRates: [
    { collectionId: "gid://shopify/Collection/sale", title: "Sale", basisPoints: 200 },
    { collectionId: "gid://shopify/Collection/new", title: "New", basisPoints: 2000 },
  ],
  newCustomersOnly: false,
  capPerOrderMinor: null as bigint | null,
};

const usd = (minor: bigint) => createMoney(minor, "USD");
function buildLine(id: string, productId: string, collectionIds: string[], priceMinor: bigint): CommissionLineItem {
  return {
    lineItemId: id, productId, collectionIds, quantity: 1, unitPrice: { shop: usd(priceMinor), presentment: usd(priceMinor) },
    discountAllocations: [], taxLines: [], giftCard: false, tip: false,
  };
}
const order = {
  orderId: "gid://shopify/Order/1", shopCurrency: "USD", presentmentCurrency: "USD", taxesIncluded: false,
  unallocatedOrderDiscount: { shop: usd(0n), presentment: usd(0n) }, customerPreviousOrderCount: 0,
  lineItems: [
    buildLine("hoodie", "gid://shopify/Product/1", ["gid://shopify/Collection/new"], 10_000n), // product rate 30 % beats collection
    buildLine("cap", "gid://shopify/Product/2", ["gid://shopify/Collection/new", "gid://shopify/Collection/sale"], 10_000n), // first LISTED collection: sale 2 %
    buildLine("socks", "gid://shopify/Product/3", [], 10_000n), // default
  ],
};

function evaluate(program: ReturnType<typeof buildCommissionProgram>, revenueMinor = 0n, override: ReturnType<typeof buildCreatorOverride> = null) {
  return evaluateCommission({ order, program, creator: { creatorId: "c1", override, attributedRevenueBeforeOrder: usd(revenueMinor) } });
}

describe("buildCommissionProgram", () => {
  it("records the settings version as the rule version", () => {
    expect(buildCommissionProgram(settings).ruleVersionId).toBe("program-settings:v4");
  });

  it.each([
    { label: "percentage default", changes: {}, revenue: 0n, lines: [3000n, 200n, 1000n] },
    { label: "tiered default below the second tier", changes: { defaultCommissionType: "tiered" as const }, revenue: 49_999n, lines: [3000n, 200n, 500n] },
    { label: "tiered default at the second tier", changes: { defaultCommissionType: "tiered" as const }, revenue: 50_000n, lines: [3000n, 200n, 1500n] },
    { label: "flat default (its lines share the flat amount)", changes: { defaultCommissionType: "flat" as const, defaultCommissionFlatMinor: 700n }, revenue: 0n, lines: [3000n, 200n, 700n] },
  ])("product > collection (first listed) > $label", ({ changes, revenue, lines }) => {
    const derivation = evaluate(buildCommissionProgram({ ...settings, ...changes }), revenue);
    expect(derivation.lines.map((line) => line.commission.amountMinor)).toEqual(lines);
  });

  it("caps the order's commission", () => {
    const derivation = evaluate(buildCommissionProgram({ ...settings, capPerOrderMinor: 2_500n }));
    expect(derivation.commission).toEqual(usd(2_500n));
    expect(derivation.cap).toMatchObject({ applied: true });
  });

  it("refuses a tiered default without tiers, saying where to fix it", () => {
    expect(() => buildCommissionProgram({ ...settings, defaultCommissionType: "tiered", tiers: [] })).toThrow(/add at least one tier/);
  });
});

describe("buildCreatorOverride", () => {
  const creator = { id: "c1", commissionOverrideBasisPoints: 1234, commissionOverrideFlatMinor: 300n };
  it.each([
    { type: null, rule: null },
    { type: "percentage" as const, rule: { kind: "percentage", rate: { numerator: 617n, denominator: 5000n } } },
    { type: "flat" as const, rule: { kind: "flat_per_order", amount: usd(300n) } },
  ])("$type override", ({ type, rule }) => {
    expect(buildCreatorOverride({ ...creator, commissionOverrideType: type }, "USD")).toEqual(rule);
  });

  it("is never tiered: the creator form refuses it on the commission type field", () => {
    const result = parseCreatorFields({ name: "Ann", email: "ann@example.com", commissionType: "tiered", commissionPercent: "10" }, "USD");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.field)).toContain("commissionType");
  });

  it("refuses a stored tiered override (only the program has tiers)", () => {
    expect(() => buildCreatorOverride({ ...creator, commissionOverrideType: "tiered" }, "USD")).toThrow(/percentage or flat override/);
  });

  it("replaces a tiered default, so revenue does not matter", () => {
    const program = buildCommissionProgram({ ...settings, defaultCommissionType: "tiered" });
    const derivation = evaluate(program, 0n, buildCreatorOverride({ ...creator, commissionOverrideType: "percentage" }, "USD"));
    expect(derivation.lines.map((line) => line.commission.amountMinor)).toEqual([3000n, 200n, 1234n]);
  });
});
