import { describe, expect, it } from "vitest";
import { validateImportHeaders, validateImportRows } from "./validate-import";

const good = { name: "Jane Doe", email: "jane@example.com", handle: "jane-doe" };

describe("import headers", () => {
  it.each([
    { headers: ["name", "email"], ok: true, message: "" },
    { headers: ["Name", " EMAIL ", "Payout Email", "commission-percent"], ok: true, message: "" },
    { headers: ["\uFEFFname", "email", "code"], ok: true, message: "" },
    { headers: ["name"], ok: false, message: "missing required column email" },
    { headers: ["full_name", "mail"], ok: false, message: "missing required columns name, email; unknown columns \"full_name\", \"mail\"" },
    { headers: ["name", "email", "phone"], ok: false, message: 'unknown column "phone"' },
    { headers: ["name", "email", "email"], ok: false, message: "repeated column email" },
  ])("$headers → ok: $ok", ({ headers, ok, message }) => {
    const result = validateImportHeaders(headers);
    expect(result.ok).toBe(ok);
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).toContain("name and email are required");
    }
  });
});

describe("import rows", () => {
  // Each row alone (after a good first row), with the reason it must give.
  it.each([
    { label: "a good row", row: { name: "Ann Lee", email: "ann@example.com" }, reason: null },
    { label: "missing name", row: { name: " ", email: "x@example.com" }, reason: "name: Enter the creator's name." },
    { label: "bad email", row: { name: "Bo", email: "not-an-email" }, reason: "email: Enter a valid email address" },
    { label: "missing email", row: { name: "Bo", email: "" }, reason: "email: Enter the creator's email address." },
    { label: "duplicate email (any case)", row: { name: "Jane Two", email: " JANE@example.com" }, reason: "email: jane@example.com is already on row 2 of this file." },
    { label: "duplicate explicit handle", row: { name: "Jo", email: "jo@example.com", handle: "jane-doe" }, reason: "handle: jane-doe is already on row 2 of this file." },
    { label: "bad handle", row: { name: "Jo", email: "jo@example.com", handle: "Jo Jo!" }, reason: "handle: Use 2–40 lower-case letters" },
    { label: "unknown status", row: { name: "Jo", email: "jo@example.com", status: "vip" }, reason: "status: Use one of: invited, applied, approved, paused, rejected." },
    { label: "bad percent", row: { name: "Jo", email: "jo@example.com", commission_percent: "12.345" }, reason: "commission_percent: Enter the commission as a percentage" },
    { label: "percent over 100", row: { name: "Jo", email: "jo@example.com", commission_percent: "101" }, reason: "commission_percent:" },
    { label: "bad flat amount", row: { name: "Jo", email: "jo@example.com", commission_flat: "5.001" }, reason: "commission_flat: Enter the flat commission as an amount in USD" },
    { label: "both commissions", row: { name: "Jo", email: "jo@example.com", commission_percent: "10", commission_flat: "5" }, reason: "not both" },
    { label: "bad code", row: { name: "Jo", email: "jo@example.com", code: "NO SPACES" }, reason: "code: use 3–40 letters" },
  ])("$label", ({ row, reason }) => {
    const { valid, invalid } = validateImportRows([good, row as unknown as Record<string, string>], "USD");
    if (reason === null) {
      expect(invalid).toEqual([]);
      expect(valid).toHaveLength(2);
    } else {
      expect(valid).toHaveLength(1);
      expect(invalid).toEqual([{ row: 3, reason: expect.stringContaining(reason) }]);
    }
  });

  it("parses commissions exactly and keeps the requested code", () => {
    const { valid } = validateImportRows(
      [
        { name: "A", email: "a@example.com", handle: "aa", commission_percent: "12.5", code: "AA15" },
        { name: "B", email: "b@example.com", handle: "bb", commission_flat: "0.10" },
        { name: "C", email: "c@example.com", handle: "cc", commission_flat: "1000" },
      ],
      "USD",
    );
    expect(valid.map((row) => [row.draft.commission, row.requestedCode])).toEqual([
      [{ type: "percentage", basisPoints: 1250 }, "AA15"],
      [{ type: "flat", amountMinor: 10n, currency: "USD" }, null],
      [{ type: "flat", amountMinor: 100000n, currency: "USD" }, null],
    ]);
    expect(validateImportRows([{ name: "J", email: "j@example.com", handle: "jj", commission_flat: "500" }], "JPY").valid[0]?.draft.commission).toEqual({ type: "flat", amountMinor: 500n, currency: "JPY" });
  });

  it("suggests handles from names, deterministically suffixed when they repeat", () => {
    const { valid, invalid } = validateImportRows(
      [
        { name: "Alex Kim", email: "a1@example.com" },
        { name: "Alex Kim", email: "a2@example.com" },
        { name: "alex  KIM", email: "a3@example.com" },
        { name: "Zoë O'Brien", email: "z@example.com" },
        { name: "Someone", email: "s@example.com", handle: "alex-kim-4" },
      ],
      "USD",
    );
    expect(invalid).toEqual([]);
    expect(valid.map((row) => row.draft.handle)).toEqual(["alex-kim", "alex-kim-2", "alex-kim-3", "zoe-obrien", "alex-kim-4"]);
  });

  it("skips blank lines and counts row numbers as a spreadsheet does", () => {
    const { valid, invalid } = validateImportRows(
      [good, { name: "", email: "" }, { name: "Bad", email: "bad" }],
      "USD",
    );
    expect(valid).toHaveLength(1);
    expect(invalid).toEqual([{ row: 4, reason: expect.stringContaining("email:") }]);
  });
});
