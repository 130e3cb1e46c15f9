import { describe, expect, it } from "vitest";
import { assertTransition, canTransition } from "./commission-status-transitions";
import type { CommissionStatus } from "./ledger-types";

const STATUSES: readonly CommissionStatus[] = ["pending", "approved", "paid", "reversed", "on_hold"];

// Written out independently of the table in the code: every allowed move, with the reason it exists.
const ALLOWED: ReadonlyArray<readonly [CommissionStatus, CommissionStatus, string]> = [
  ["pending", "approved", "holding period passed"],
  ["pending", "on_hold", "merchant investigates"],
  ["pending", "reversed", "fully refunded or cancelled"],
  ["approved", "paid", "included in a payout"],
  ["approved", "on_hold", "problem found after approval"],
  ["approved", "reversed", "fully refunded before payment"],
  ["on_hold", "pending", "released"],
  ["on_hold", "reversed", "refunded while on hold"],
  ["paid", "approved", "its payout was voided"],
  ["paid", "reversed", "fully refunded after payout (clawback)"],
  ["reversed", "pending", "an order edit added items back"],
];

const ROWS = STATUSES.flatMap((from) =>
  STATUSES.map((to) => {
    const allowed = ALLOWED.find(([allowedFrom, allowedTo]) => allowedFrom === from && allowedTo === to);
    return { from, to, allowed: allowed !== undefined, why: allowed?.[2] ?? "not in the table" };
  }),
);

describe("commission status transitions", () => {
  it.each(ROWS)("$from → $to: $allowed ($why)", ({ from, to, allowed }) => {
    expect(canTransition(from, to)).toBe(allowed);
    if (allowed) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(`A ${from} commission cannot become ${to}`);
  });

  it("says what is allowed instead", () => {
    expect(() => assertTransition("paid", "pending")).toThrow("A paid commission cannot become pending; from paid it can only become approved, reversed.");
  });
});
