import { describe, expect, it } from "vitest";
import type { CommissionStatus } from "../ledger";
import { planPayout, type PayoutCandidate } from "./plan-payout";

const commission = (id: string, status: CommissionStatus, netMinor: bigint, paidMinor = 0n, currency = "USD"): PayoutCandidate => ({ id, status, currency, netMinor, paidMinor });

type Row = {
  label: string; commissions: PayoutCandidate[]; minimum: bigint; payable: boolean; paid: Array<[string, bigint]>; recovered: Array<[string, bigint]>;
  total: bigint; reason?: RegExp; waiting?: bigint;
};

describe("planPayout", () => {
  it.each<Row>([
    {
      label: "pays every approved commission in full",
      commissions: [commission("a", "approved", 500n), commission("b", "approved", 250n)], minimum: 0n,
      payable: true, paid: [["a", 500n], ["b", 250n]], recovered: [], total: 750n, reason: /Pay \$7\.50 for 2 commissions\./,
    },
    {
      label: "skips pending and on-hold money, counting it as not yet approved",
      commissions: [commission("a", "approved", 500n), commission("p", "pending", 900n), commission("h", "on_hold", 100n)], minimum: 0n,
      payable: true, paid: [["a", 500n]], recovered: [], total: 500n, waiting: 1000n,
    },
    {
      label: "recovers a clawback on a reversed commission",
      commissions: [commission("a", "approved", 500n), commission("c", "reversed", 0n, 200n)], minimum: 0n,
      payable: true, paid: [["a", 500n]], recovered: [["c", -200n]], total: 300n, reason: /after recovering \$2\.00 of clawbacks/,
    },
    {
      label: "pays what an edit added to a commission already paid",
      commissions: [commission("a", "paid", 600n, 500n)], minimum: 0n,
      payable: true, paid: [["a", 100n]], recovered: [], total: 100n,
    },
    {
      label: "nothing when clawbacks exceed what is approved: they carry over",
      commissions: [commission("a", "approved", 100n), commission("c", "paid", 300n, 700n)], minimum: 0n,
      payable: false, paid: [["a", 100n]], recovered: [["c", -400n]], total: -300n, reason: /cover everything approved.*\$4\.00 of clawbacks carry over/,
    },
    {
      label: "nothing below the minimum payout",
      commissions: [commission("a", "approved", 1999n)], minimum: 2000n,
      payable: false, paid: [["a", 1999n]], recovered: [], total: 1999n, reason: /\$19\.99 is below the minimum payout of \$20\.00/,
    },
    {
      label: "exactly the minimum is paid",
      commissions: [commission("a", "approved", 2000n)], minimum: 2000n,
      payable: true, paid: [["a", 2000n]], recovered: [], total: 2000n,
    },
    {
      label: "the minimum applies after clawbacks",
      commissions: [commission("a", "approved", 2500n), commission("c", "reversed", 0n, 600n)], minimum: 2000n,
      payable: false, paid: [["a", 2500n]], recovered: [["c", -600n]], total: 1900n, reason: /below the minimum/,
    },
    {
      label: "only clawbacks: nothing to pay, they carry over",
      commissions: [commission("c", "reversed", 0n, 600n), commission("p", "pending", 100n)], minimum: 0n,
      payable: false, paid: [], recovered: [["c", -600n]], total: -600n, reason: /Nothing approved is owed\. \$6\.00 of clawbacks carry over/,
    },
    {
      label: "settled commissions are left alone",
      commissions: [commission("s", "paid", 500n, 500n), commission("r", "reversed", 0n)], minimum: 0n,
      payable: false, paid: [], recovered: [], total: 0n, reason: /^Nothing approved is owed\.$/,
    },
  ])("$label", ({ commissions, minimum, payable, paid, recovered, total, reason, waiting }) => {
    const plan = planPayout(commissions, "USD", minimum);
    expect(plan.payable).toBe(payable);
    expect(plan.paid.map((line) => [line.commissionId, line.amountMinor])).toEqual(paid);
    expect(plan.recovered.map((line) => [line.commissionId, line.amountMinor])).toEqual(recovered);
    expect(plan.total).toEqual({ amountMinor: total, currency: "USD" });
    if (reason) expect(plan.reason).toMatch(reason);
    if (waiting !== undefined) expect(plan.notYetApproved.amountMinor).toBe(waiting);
  });

  it("refuses to mix currencies", () => {
    expect(() => planPayout([commission("a", "approved", 100n, 0n, "EUR")], "USD", 0n)).toThrow(/in EUR; this payout is in USD/);
  });

  it("works in JPY (no minor unit)", () => {
    const plan = planPayout([commission("a", "approved", 1000n, 0n, "JPY")], "JPY", 500n);
    expect(plan).toMatchObject({ payable: true, total: { amountMinor: 1000n, currency: "JPY" } });
    expect(plan.reason).toBe("Pay ¥1,000 for 1 commission.");
  });
});
