import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { buildPayoutCsv } from "./build-payout-csv";

describe("buildPayoutCsv", () => {
  it("writes only the chosen destination in full, amounts exact, formulas neutralised", () => {
    const csv = buildPayoutCsv([
      { creatorName: "Ana Lima", email: "ana@example.com", amountMinor: 1999n, currency: "USD", destination: { kind: "bank", accountHolderName: "Ana Lima", iban: "DE89370400440532013000", bic: "COBADEFFXXX" }, reference: "AFF-1" },
      { creatorName: "@evil", email: null, amountMinor: 12345n, currency: "KWD", destination: { kind: "paypal", paypalEmail: "evil@example.com" }, reference: "AFF-2" },
      { creatorName: "Bo", email: "bo@example.com", amountMinor: 100n, currency: "JPY", destination: { kind: "none" }, reference: "AFF-3" },
    ]);
    expect(parse(csv, { columns: true })).toEqual([
      { creator: "Ana Lima", email: "ana@example.com", amount: "19.99", currency: "USD", method: "bank transfer", account_holder: "Ana Lima", iban: "DE89370400440532013000", bic: "COBADEFFXXX", paypal_email: "", reference: "AFF-1" },
      { creator: "'@evil", email: "", amount: "12.345", currency: "KWD", method: "PayPal", account_holder: "", iban: "", bic: "", paypal_email: "evil@example.com", reference: "AFF-2" },
      { creator: "Bo", email: "bo@example.com", amount: "100", currency: "JPY", method: "ask the creator", account_holder: "", iban: "", bic: "", paypal_email: "", reference: "AFF-3" },
    ]);
  });

  it("refuses an empty file", () => {
    expect(() => buildPayoutCsv([])).toThrow(/at least one creator/);
  });
});
