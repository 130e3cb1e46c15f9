import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { BankFileError } from "./bank-file-error";
import { buildWiseBatchCsv, WISE_BATCH_COLUMNS, type WiseBatchRow } from "./build-wise-batch-csv";

const row = (overrides: Partial<WiseBatchRow> = {}): WiseBatchRow => ({
  reference: "AFF-item1",
  accountHolderName: "Zoë Müller",
  email: "zoe@example.com",
  iban: "de89 3704 0044 0532 0130 00",
  amountMinor: 12345n,
  currency: "EUR",
  ...overrides,
});

describe("buildWiseBatchCsv", () => {
  it("writes Wise's header and one row per transfer, amounts from minor units by currency exponent", () => {
    const csv = buildWiseBatchCsv([row(), row({ reference: "AFF-item2", amountMinor: 5n, accountHolderName: "=cmd()" }), row({ reference: "AFF-item3", currency: "JPY", amountMinor: 1200n })], "EUR");
    expect(csv.split("\r\n")[0]).toBe(WISE_BATCH_COLUMNS.join(","));
    expect(parse(csv, { columns: true })).toEqual([
      { name: "Zoë Müller", recipientEmail: "zoe@example.com", paymentReference: "AFF-item1", receiverType: "PERSON", amountCurrency: "target", amount: "123.45", sourceCurrency: "EUR", targetCurrency: "EUR", IBAN: "DE89370400440532013000" },
      { name: "'=cmd()", recipientEmail: "zoe@example.com", paymentReference: "AFF-item2", receiverType: "PERSON", amountCurrency: "target", amount: "0.05", sourceCurrency: "EUR", targetCurrency: "EUR", IBAN: "DE89370400440532013000" },
      { name: "Zoë Müller", recipientEmail: "zoe@example.com", paymentReference: "AFF-item3", receiverType: "PERSON", amountCurrency: "target", amount: "1200", sourceCurrency: "EUR", targetCurrency: "JPY", IBAN: "DE89370400440532013000" },
    ]);
  });

  it.each([
    ["no rows", [], /at least one transfer/],
    ["more than 1,000 rows", Array.from({ length: 1001 }, (_, index) => row({ reference: `AFF-${index}` })), /at most 1000 transfers/],
    ["an invalid IBAN", [row({ iban: "DE88370400440532013000" })], /AFF-item1: This IBAN is not valid/],
    ["no account holder", [row({ accountHolderName: "  " })], /no account holder name/],
    ["a zero amount", [row({ amountMinor: 0n })], /not for a positive amount/],
  ])("refuses %s", (_label, rows, message) => {
    expect(() => buildWiseBatchCsv(rows, "EUR")).toThrow(BankFileError);
    expect(() => buildWiseBatchCsv(rows, "EUR")).toThrow(message);
  });
});
