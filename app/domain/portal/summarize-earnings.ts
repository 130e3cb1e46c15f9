export interface CommissionStatusSum {
  readonly status: string;
  readonly netMinor: bigint | null;
  readonly paidMinor: bigint | null;
}

export interface EarningsSummary {
  /** Not yet approved: pending, or on hold for review. */
  readonly pendingMinor: bigint;
  /** Approved and still owed (what a payout would pay). */
  readonly approvedMinor: bigint;
  readonly paidMinor: bigint;
}

/**
 * A creator's earnings by stage from per-status sums of commissions. Paid money is counted wherever it sits (a
 * commission can be part-paid and then clawed back); reversed commissions add nothing but what was paid on them.
 */
export function summarizeEarnings(rows: readonly CommissionStatusSum[]): EarningsSummary {
  let pendingMinor = 0n;
  let approvedMinor = 0n;
  let paidMinor = 0n;
  for (const row of rows) {
    const net = row.netMinor ?? 0n;
    const paid = row.paidMinor ?? 0n;
    paidMinor += paid;
    if (row.status === "pending" || row.status === "on_hold") pendingMinor += net;
    else if (row.status === "approved") approvedMinor += net - paid;
  }
  return { pendingMinor, approvedMinor, paidMinor };
}
