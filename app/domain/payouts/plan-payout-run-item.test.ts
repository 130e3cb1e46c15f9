import { describe, expect, it } from "vitest";
import { NO_OWED_TOTALS, type OwedTotals } from "./decide-owed-payout";
import { planPayoutRunItem, type PayoutRunCandidate, type PayoutRunRules } from "./plan-payout-run-item";

const totals = (overrides: Partial<OwedTotals>): OwedTotals => ({ ...NO_OWED_TOTALS("USD"), ...overrides });
const profile = (overrides: Partial<NonNullable<PayoutRunCandidate["profile"]>> = {}): NonNullable<PayoutRunCandidate["profile"]> => ({
  method: "paypal", paypalEmail: "ana@example.com", ibanLast4: null, accountHolderName: null, reviewRequired: false, reviewReason: null, ...overrides,
});
const candidate = (overrides: Partial<PayoutRunCandidate> = {}): PayoutRunCandidate => ({
  creatorId: "c1", creatorName: "Ana", creatorStatus: "approved", creatorStatusReason: null,
  totals: totals({ approvedMinor: 5000n, approvedCount: 2 }), profile: profile(), payoutEmail: null, shopifyCustomerId: null, hasTaxForm: true,
  ...overrides,
});
const RULES: PayoutRunRules = { minimumPayoutMinor: 1000n, defaultMethod: null, requireTaxForm: false };

type Row = { label: string; candidate: PayoutRunCandidate; rules?: Partial<PayoutRunRules>; status: "planned" | "excluded"; amount?: bigint; clawback?: bigint; count?: number; reason?: RegExp; method?: string | null; destination?: object };

describe("planPayoutRunItem", () => {
  it.each<Row>([
    { label: "pays approved commissions by the creator's method", candidate: candidate(), status: "planned", amount: 5000n, count: 2, method: "paypal", destination: { paypalEmail: "ana@example.com" } },
    {
      label: "deducts clawbacks and counts the commissions they come from",
      candidate: candidate({ totals: totals({ approvedMinor: 5000n, approvedCount: 2, clawbackMinor: 1200n, clawbackCount: 1 }) }),
      status: "planned", amount: 3800n, clawback: 1200n, count: 3,
    },
    {
      label: "pays approved money and leaves commissions on hold out",
      candidate: candidate({ totals: totals({ approvedMinor: 5000n, approvedCount: 2, onHoldMinor: 900n, onHoldCount: 1 }) }),
      status: "planned", amount: 5000n, count: 2,
    },
    {
      label: "a creator with only held money is left out, saying how much is on hold",
      candidate: candidate({ totals: totals({ onHoldMinor: 900n, onHoldCount: 1 }) }),
      status: "excluded", amount: 0n, reason: /^\$9\.00 is on hold \(1 commission\)\. Release them on the Commissions page/,
    },
    {
      label: "a paused creator is left out with the pause reason, whatever they are owed",
      candidate: candidate({ creatorStatus: "paused", creatorStatusReason: "Brand review" }),
      status: "excluded", amount: 5000n, reason: /^Ana is paused \(Brand review\)\. Resume them/,
    },
    { label: "an invited creator is not active", candidate: candidate({ creatorStatus: "invited" }), status: "excluded", reason: /not an active creator \(status: invited\)/ },
    {
      label: "clawbacks that exceed what is approved: left out, carried over",
      candidate: candidate({ totals: totals({ approvedMinor: 1000n, approvedCount: 1, clawbackMinor: 3000n, clawbackCount: 1 }) }),
      status: "excluded", amount: 0n, clawback: 3000n, reason: /^Clawbacks \(\$30\.00\) cover everything approved; nothing to pay\. \$30\.00 of clawbacks carry over/,
    },
    {
      label: "below the minimum payout",
      candidate: candidate({ totals: totals({ approvedMinor: 999n, approvedCount: 1 }) }),
      status: "excluded", amount: 999n, reason: /\$9\.99 is below the minimum payout of \$10\.00/,
    },
    {
      label: "no method chosen and no shop default",
      candidate: candidate({ profile: null }), status: "excluded", method: null, reason: /has not chosen a payout method.*Settings › Payouts/,
    },
    {
      label: "the shop's default method is used when the creator chose none; a run pays only a PayPal email the creator confirmed, never the creator page's payout email",
      candidate: candidate({ profile: null, payoutEmail: "ana.pay@example.com" }), rules: { defaultMethod: "paypal" },
      status: "excluded", method: "paypal", destination: {}, reason: /has no PayPal email confirmed in the creator portal.*payout email on their creator page.*record by hand/,
    },
    {
      label: "the creator's confirmed PayPal email wins over the creator page's payout email",
      candidate: candidate({ profile: profile({ paypalEmail: "ana.portal@example.com" }), payoutEmail: "ana.pay@example.com" }),
      status: "planned", method: "paypal", destination: { paypalEmail: "ana.portal@example.com" },
    },
    { label: "PayPal without an email", candidate: candidate({ profile: profile({ paypalEmail: null }) }), status: "excluded", reason: /has no PayPal email/ },
    { label: "a bank file without an IBAN", candidate: candidate({ profile: profile({ method: "sepa_file" }) }), status: "excluded", reason: /no bank account \(IBAN\)/ },
    {
      label: "a bank file shows the IBAN's last 4 and holder",
      candidate: candidate({ profile: profile({ method: "sepa_file", ibanLast4: "4321", accountHolderName: "Ana Ruiz" }) }),
      status: "planned", destination: { ibanLast4: "4321", accountHolderName: "Ana Ruiz" },
    },
    { label: "store credit goes to the linked customer", candidate: candidate({ profile: profile({ method: "store_credit" }), shopifyCustomerId: "gid://shopify/Customer/7" }), status: "planned", destination: { customerId: "gid://shopify/Customer/7" } },
    {
      label: "changed payout details wait for the merchant's review",
      candidate: candidate({ profile: profile({ reviewRequired: true, reviewReason: "PayPal email changed" }) }),
      status: "excluded", reason: /^Ana's payout details changed \(PayPal email changed\) and wait for your review/,
    },
    { label: "tax form required and missing", candidate: candidate({ hasTaxForm: false }), rules: { requireTaxForm: true }, status: "excluded", reason: /no W-9 or W-8BEN on file/ },
    { label: "tax form missing but not required", candidate: candidate({ hasTaxForm: false }), status: "planned" },
    {
      label: "the first reason wins: a paused creator without a method is told they are paused",
      candidate: candidate({ creatorStatus: "paused", profile: null }), status: "excluded", reason: /is paused\. Resume/,
    },
  ])("$label", ({ candidate: input, rules, status, amount, clawback, count, reason, method, destination }) => {
    const item = planPayoutRunItem(input, { ...RULES, ...rules });
    expect(item.status).toBe(status);
    if (amount !== undefined) expect(item.amountMinor).toBe(amount);
    if (clawback !== undefined) expect(item.clawbackMinor).toBe(clawback);
    if (count !== undefined) expect(item.commissionCount).toBe(count);
    if (method !== undefined) expect(item.method).toBe(method);
    if (destination !== undefined) expect(item.destination).toEqual(destination);
    if (reason !== undefined) expect(item.status === "excluded" ? item.excludedReason : "").toMatch(reason);
  });
});
