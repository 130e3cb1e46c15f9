import { describe, expect, it } from "vitest";
import { parseProgramSettingsForm } from "./parse-program-settings-form";

const current = { defaultCommissionBasisPoints: 1000, defaultCommissionFlatMinor: 0n, defaultDiscountBasisPoints: 1500, defaultDiscountAmountMinor: 0n };
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
