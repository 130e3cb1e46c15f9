import { sumMoney, type Money } from "../money";
import type { LedgerEntry, LedgerEntryKind } from "./ledger-types";

/** Entry kinds that change what the creator earned. Payouts move money; status kinds carry zero. */
export const COMMISSION_ENTRY_KINDS: ReadonlySet<LedgerEntryKind> = new Set<LedgerEntryKind>([
  "accrual",
  "refund_reversal",
  "edit_adjustment",
  "tier_adjustment",
  "cancellation",
  "manual_reversal",
  "clawback",
]);

export type LedgerSummary = {
  /** What the creator has earned on the order(s): Σ commission entries. */
  readonly net: Money;
  /** What has been paid: Σ payout entries. */
  readonly paid: Money;
  /** net − paid. Negative means a clawback to deduct from the next payout. */
  readonly owed: Money;
};

/** Folds ledger rows into net / paid / owed. Works for one order or a creator's whole ledger. */
export function summarizeLedgerEntries(entries: readonly LedgerEntry[], currency: string): LedgerSummary {
  const net = sumMoney(entries.filter((entry) => COMMISSION_ENTRY_KINDS.has(entry.kind)).map((entry) => entry.amount), currency);
  const paid = sumMoney(entries.filter((entry) => entry.kind === "payout").map((entry) => entry.amount), currency);
  return { net, paid, owed: { amountMinor: net.amountMinor - paid.amountMinor, currency } };
}
