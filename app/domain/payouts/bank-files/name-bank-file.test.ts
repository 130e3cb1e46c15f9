import { describe, expect, it } from "vitest";
import { bankFileMessageId, bankFileName } from "./name-bank-file";

describe("bank file identity is derived from the run", () => {
  it.each([
    ["clx0abcdefghijklmnopqrstu", "sepa_file", 1, "AFF-clx0abcdefghijklmnopqrstu-S1", "affable-sepa-clx0abcdefghijklmnopqrstu-1.xml"],
    ["clx0abcdefghijklmnopqrstu", "wise_file", 2, "AFF-clx0abcdefghijklmnopqrstu-W2", "affable-wise-clx0abcdefghijklmnopqrstu-2.csv"],
    ["run1", "csv_file", 1, "AFF-run1-C1", "affable-payouts-run1-1.csv"],
  ] as const)("%s %s #%d", (runId, format, sequence, messageId, fileName) => {
    expect(bankFileMessageId(runId, format, sequence)).toBe(messageId);
    expect(bankFileMessageId(runId, format, sequence)).toBe(messageId);
    expect(bankFileName(runId, format, sequence)).toBe(fileName);
  });

  it("refuses ids that do not fit a SEPA MsgId", () => {
    expect(() => bankFileMessageId("x".repeat(30), "sepa_file", 1)).toThrow(/35 characters/);
    expect(() => bankFileMessageId("run_1", "sepa_file", 1)).toThrow(/35 characters/);
    expect(() => bankFileMessageId("run1", "sepa_file", 0)).toThrow(/starts at 1/);
  });
});
