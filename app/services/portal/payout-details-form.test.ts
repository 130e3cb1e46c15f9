import { describe, expect, it } from "vitest";
import { parsePayoutDetailsForm, readPayoutDetailsFormValues } from "./payout-details-form";

const values = (fields: Record<string, string | undefined>) => readPayoutDetailsFormValues(fields);

describe("parsePayoutDetailsForm", () => {
  it.each([
    { label: "PayPal, email lower-cased", fields: { method: "paypal", paypal_email: " Ana@Example.COM " }, details: { method: "paypal", paypalEmail: "ana@example.com" } },
    {
      label: "IBAN with spaces, BIC lower-case",
      fields: { method: "bank_transfer", iban: "de89 3704 0044 0532 0130 00", account_holder_name: "Ana Example", bic: "cobadeffxxx" },
      details: { method: "bank_transfer", iban: "DE89370400440532013000", accountHolderName: "Ana Example", bic: "COBADEFFXXX", country: "DE" },
    },
    { label: "IBAN without BIC", fields: { method: "bank_transfer", iban: "GB29NWBK60161331926819", account_holder_name: "Ana" }, details: { method: "bank_transfer", iban: "GB29NWBK60161331926819", accountHolderName: "Ana", bic: null, country: "GB" } },
    { label: "store credit ignores other fields", fields: { method: "store_credit", paypal_email: "nope" }, details: { method: "store_credit" } },
    { label: "gift card", fields: { method: "gift_card" }, details: { method: "gift_card" } },
  ])("accepts $label", ({ fields, details }) => {
    expect(parsePayoutDetailsForm(values(fields))).toEqual({ ok: true, details });
  });

  it.each([
    { label: "no method", fields: {}, field: "method" },
    { label: "an unknown method", fields: { method: "crypto" }, field: "method" },
    { label: "a PayPal email without @", fields: { method: "paypal", paypal_email: "ana.example.com" }, field: "paypal_email" },
    { label: "an IBAN with a wrong check digit", fields: { method: "bank_transfer", iban: "DE89370400440532013001", account_holder_name: "Ana" }, field: "iban" },
    { label: "an IBAN of the wrong length", fields: { method: "bank_transfer", iban: "DE8937040044053201300", account_holder_name: "Ana" }, field: "iban" },
    { label: "no account holder", fields: { method: "bank_transfer", iban: "DE89370400440532013000" }, field: "account_holder_name" },
    { label: "a malformed BIC", fields: { method: "bank_transfer", iban: "DE89370400440532013000", account_holder_name: "Ana", bic: "COBA1" }, field: "bic" },
  ])("refuses $label on its field", ({ fields, field }) => {
    const result = parsePayoutDetailsForm(values(fields));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((error) => error.field)).toContain(field);
  });
});
