import { describe, expect, it } from "vitest";
import { parseProgramSettingsForm } from "./parse-program-settings-form";

const current = { defaultCommissionBasisPoints: 1000, defaultCommissionFlatMinor: 0n, defaultDiscountBasisPoints: 1500, defaultDiscountAmountMinor: 0n, tiers: [] };
const valid = {
  version: "3",
  defaultCommissionType: "percentage",
  commissionPercent: "12.5",
  commissionFlat: "",
  cookieWindowDays: "30",
  attributionPrecedence: "link_first",
  holdingPeriodDays: "14",
  defaultDiscountType: "fixed_amount",
  discountPercent: "",
  discountAmount: "1000",
  codePattern: "{HANDLE}15",
  defaultUsageLimit: "",
  combinesWithShippingDiscounts: "on",
  tierPeriod: "calendar_month",
};

describe("parseProgramSettingsForm", () => {
  it("reads percent text as basis points and amounts by the currency's exponent", () => {
    const result = parseProgramSettingsForm(valid, "JPY", current);
    expect(result).toMatchObject({
      ok: true,
      version: 3,
      settings: {
        defaultCommissionBasisPoints: 1250,
        defaultDiscountType: "fixed_amount",
        defaultDiscountAmountMinor: 1000n,
        attributionPrecedence: "link_first",
        defaultUsageLimit: null,
        combinesWithShippingDiscounts: true,
        combinesWithOrderDiscounts: false,
      },
    });
  });

  it("reads a flat commission in USD cents", () => {
    const result = parseProgramSettingsForm({ ...valid, defaultCommissionType: "flat", commissionFlat: "5.25" }, "USD", current);
    expect(result).toMatchObject({ ok: true, settings: { defaultCommissionType: "flat", defaultCommissionFlatMinor: 525n, defaultCommissionBasisPoints: 1000 } });
  });

  it.each([
    { label: "percent with three decimals", patch: { commissionPercent: "12.345" }, field: "commissionPercent" },
    { label: "USD amount with three decimals", patch: { discountAmount: "10.005" }, field: "discountAmount", currency: "USD" },
    { label: "zero-day cookie window", patch: { cookieWindowDays: "0" }, field: "cookieWindowDays" },
    { label: "pattern with a space", patch: { codePattern: "{HANDLE} 15" }, field: "codePattern" },
    { label: "pattern without a token", patch: { codePattern: "SUMMER" }, field: "codePattern" },
    { label: "pattern with an unknown token", patch: { codePattern: "{EMAIL}" }, field: "codePattern" },
    { label: "usage limit zero", patch: { defaultUsageLimit: "0" }, field: "defaultUsageLimit" },
    { label: "unknown precedence", patch: { attributionPrecedence: "first_touch" }, field: "attributionPrecedence" },
  ])("puts $label on field $field", ({ patch, field, currency }) => {
    const result = parseProgramSettingsForm({ ...valid, ...patch }, currency ?? "JPY", current);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toContain(field);
  });
});

describe("parseProgramSettingsForm: commission rules", () => {
  const usd = { ...valid, discountAmount: "10.00" };
  const tiers = (rows: Array<[string, string]>) => JSON.stringify(rows.map(([minimumRevenue, percent]) => ({ minimumRevenue, percent })));

  it("reads tiers in the currency's minor units and percent text as basis points", () => {
    const result = parseProgramSettingsForm(
      { ...usd, defaultCommissionType: "tiered", tiers: tiers([["0", "10"], ["1000.50", "12.5"]]), tierPeriod: "calendar_quarter" },
      "USD",
      current,
    );
    expect(result).toMatchObject({
      ok: true,
      settings: {
        defaultCommissionType: "tiered",
        tierPeriod: "calendar_quarter",
        tiers: [
          { minimumRevenueMinor: 0n, basisPoints: 1000 },
          { minimumRevenueMinor: 100050n, basisPoints: 1250 },
        ],
      },
    });
  });

  it("keeps the stored tiers when the default is not tiered", () => {
    const stored = [{ minimumRevenueMinor: 0n, basisPoints: 800 }];
    const result = parseProgramSettingsForm({ ...usd, tiers: tiers([["oops", "x"]]) }, "USD", { ...current, tiers: stored });
    expect(result).toMatchObject({ ok: true, settings: { defaultCommissionType: "percentage", tiers: stored } });
  });

  it("reads product and collection rates, the cap and the minimum payout", () => {
    const result = parseProgramSettingsForm(
      {
        ...usd,
        productRates: JSON.stringify([{ productId: "gid://shopify/Product/7", title: " Hoodie ", percent: "20" }]),
        collectionRates: JSON.stringify([{ collectionId: "gid://shopify/Collection/3", title: "Sale", percent: "0" }]),
        capPerOrder: "25.00",
        minimumPayout: "50",
      },
      "USD",
      current,
    );
    expect(result).toMatchObject({
      ok: true,
      settings: {
        productRates: [{ productId: "gid://shopify/Product/7", title: "Hoodie", basisPoints: 2000 }],
        collectionRates: [{ collectionId: "gid://shopify/Collection/3", title: "Sale", basisPoints: 0 }],
        capPerOrderMinor: 2500n,
        minimumPayoutMinor: 5000n,
      },
    });
  });

  it("defaults to no cap and no minimum payout when left empty", () => {
    expect(parseProgramSettingsForm(usd, "USD", current)).toMatchObject({ ok: true, settings: { capPerOrderMinor: null, minimumPayoutMinor: 0n, productRates: [], tierPeriod: "calendar_month" } });
  });

  it.each([
    { label: "tiers out of order", patch: { defaultCommissionType: "tiered", tiers: tiers([["100", "10"], ["50", "12"]]) }, field: "tiers" },
    { label: "tiered without tiers", patch: { defaultCommissionType: "tiered", tiers: "[]" }, field: "tiers" },
    { label: "tier minimum with too many decimals for USD", patch: { defaultCommissionType: "tiered", tiers: tiers([["0.001", "10"]]) }, field: "tiers.0.minimumRevenue" },
    { label: "tier rate above 100 %", patch: { defaultCommissionType: "tiered", tiers: tiers([["0", "10"], ["10", "101"]]) }, field: "tiers.1.percent" },
    { label: "tier list that is not JSON", patch: { defaultCommissionType: "tiered", tiers: "[{" }, field: "tiers" },
    { label: "product rate with three decimals", patch: { productRates: JSON.stringify([{ productId: "gid://shopify/Product/7", title: "A", percent: "1.234" }]) }, field: "productRates.0.percent" },
    { label: "product listed twice", patch: { productRates: JSON.stringify([0, 1].map(() => ({ productId: "gid://shopify/Product/7", title: "A", percent: "5" }))) }, field: "productRates.1.percent" },
    { label: "collection id that is a product id", patch: { collectionRates: JSON.stringify([{ collectionId: "gid://shopify/Product/7", title: "A", percent: "5" }]) }, field: "collectionRates.0.percent" },
    { label: "cap of zero", patch: { capPerOrder: "0" }, field: "capPerOrder" },
    { label: "negative minimum payout", patch: { minimumPayout: "-5" }, field: "minimumPayout" },
    { label: "unknown tier period", patch: { tierPeriod: "weekly" }, field: "tierPeriod" },
  ])("puts $label on field $field", ({ patch, field }) => {
    const result = parseProgramSettingsForm({ ...usd, ...patch }, "USD", current);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toContain(field);
  });
});

describe("parseProgramSettingsForm: the maximum a creator code may give", () => {
  const usd = { ...valid, discountAmount: "10.00" };

  it("reads the maximum percent as basis points and an empty maximum amount as no cap", () => {
    const result = parseProgramSettingsForm({ ...usd, maxCodeDiscountPercent: "25", maxCodeDiscountAmount: "" }, "USD", current);
    expect(result).toMatchObject({ ok: true, settings: { maxCodeDiscountBasisPoints: 2500, maxCodeDiscountAmountMinor: null } });
    const capped = parseProgramSettingsForm({ ...usd, maxCodeDiscountPercent: "25", maxCodeDiscountAmount: "50.00" }, "USD", current);
    expect(capped).toMatchObject({ ok: true, settings: { maxCodeDiscountAmountMinor: 5000n } });
  });

  it.each([
    { label: "a maximum percent of zero", patch: { maxCodeDiscountPercent: "0" }, field: "maxCodeDiscountPercent" },
    { label: "a maximum percent above 100", patch: { maxCodeDiscountPercent: "101" }, field: "maxCodeDiscountPercent" },
    { label: "a maximum amount with three decimals", patch: { maxCodeDiscountAmount: "10.005" }, field: "maxCodeDiscountAmount" },
    { label: "a default percent above the maximum", patch: { defaultDiscountType: "percentage", discountPercent: "30", maxCodeDiscountPercent: "20" }, field: "discountPercent" },
    { label: "a default amount above the maximum", patch: { discountAmount: "60.00", maxCodeDiscountAmount: "50.00" }, field: "discountAmount" },
  ])("puts $label on field $field", ({ patch, field }) => {
    const result = parseProgramSettingsForm({ ...usd, maxCodeDiscountPercent: "20", ...patch }, "USD", current);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toContain(field);
  });
});

describe("parseProgramSettingsForm: Reply-To for creator emails", () => {
  const current = { defaultCommissionBasisPoints: 1000, defaultCommissionFlatMinor: 0n, defaultDiscountBasisPoints: 1500, defaultDiscountAmountMinor: 0n, tiers: [] };
  const form = { version: "1", defaultCommissionType: "percentage", commissionPercent: "10", cookieWindowDays: "30", attributionPrecedence: "code_first", holdingPeriodDays: "30", defaultDiscountType: "percentage", discountPercent: "15", codePattern: "{HANDLE}15", tierPeriod: "calendar_month" };

  it.each([
    { input: " team@linen.example ", stored: "team@linen.example" },
    { input: "", stored: null },
  ])("stores $input as $stored", ({ input, stored }) => {
    expect(parseProgramSettingsForm({ ...form, replyToEmail: input }, "USD", current)).toMatchObject({ ok: true, settings: { replyToEmail: stored } });
  });

  it("refuses an address that is not an email, naming the field", () => {
    expect(parseProgramSettingsForm({ ...form, replyToEmail: "team at linen" }, "USD", current)).toEqual({
      ok: false, errors: { replyToEmail: expect.stringMatching(/email address/) as unknown },
    });
  });
});
