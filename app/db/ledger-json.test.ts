import { describe, expect, it } from "vitest";
import { fromLedgerJson, toLedgerJson } from "./ledger-json";

describe("ledger JSON columns", () => {
  it("round-trips bigints, dates and nested money exactly", () => {
    const value = { netMinor: 9007199254740993n, at: new Date("2026-11-20T17:31:37.000Z"), lines: [{ commission: { amountMinor: -5n, currency: "JPY" } }], note: null };
    const stored = JSON.parse(JSON.stringify(toLedgerJson(value))) as unknown;
    expect(fromLedgerJson(stored)).toEqual(value);
  });
});
