import { formatMoney } from "../money";
import { choosePaypalAddress } from "./choose-paypal-address";
import { decideOwedPayout, type OwedTotals } from "./decide-owed-payout";

/** How a run item is paid (the Prisma enum PayoutRunMethod's words; the domain imports no Prisma). */
export const PAYOUT_RUN_METHODS = ["paypal", "store_credit", "gift_card", "sepa_file", "wise_file", "csv_file", "manual"] as const;
export type PayoutRunMethodName = (typeof PAYOUT_RUN_METHODS)[number];

export const PAYOUT_RUN_METHOD_LABELS: Readonly<Record<PayoutRunMethodName, string>> = {
  paypal: "PayPal",
  store_credit: "Store credit",
  gift_card: "Gift card",
  sepa_file: "SEPA bank file",
  wise_file: "Wise batch file",
  csv_file: "CSV file",
  manual: "Manual",
};

/** Everything the planner knows about one creator owed money (read in one SQL query per run). */
export type PayoutRunCandidate = {
  readonly creatorId: string;
  readonly creatorName: string;
  /** Creator.status: only "approved" creators are paid. */
  readonly creatorStatus: string;
  readonly creatorStatusReason: string | null;
  readonly totals: OwedTotals;
  /** The creator's chosen method and details (CreatorPayoutProfile), or null when they never set one. */
  readonly profile: {
    readonly method: PayoutRunMethodName | null;
    readonly paypalEmail: string | null;
    readonly ibanLast4: string | null;
    readonly accountHolderName: string | null;
    readonly reviewRequired: boolean;
    readonly reviewReason: string | null;
  } | null;
  /**
   * Creator.payoutEmail (typed by the merchant on the creator page): never paid by a run (choosePaypalAddress), only
   * named in the reason a PayPal creator without confirmed details is left out.
   */
  readonly payoutEmail: string | null;
  readonly shopifyCustomerId: string | null;
  /** A current (not superseded) W-9 or W-8BEN is on file. */
  readonly hasTaxForm: boolean;
};

/** The shop's rules for a run (ProgramSettings.minimumPayoutMinor, PayoutSettings). */
export type PayoutRunRules = {
  readonly minimumPayoutMinor: bigint;
  readonly defaultMethod: PayoutRunMethodName | null;
  readonly requireTaxForm: boolean;
};

/** Where the money goes, as shown (no secrets). */
export type PayoutDestination =
  | { readonly paypalEmail: string }
  | { readonly ibanLast4: string; readonly accountHolderName: string | null }
  | { readonly customerId: string | null }
  | Record<string, never>;

type ItemMoney = { readonly creatorId: string; readonly amountMinor: bigint; readonly clawbackMinor: bigint; readonly commissionCount: number };

export type PlannedPayoutRunItem =
  | (ItemMoney & { readonly status: "planned"; readonly method: PayoutRunMethodName; readonly destination: PayoutDestination })
  | (ItemMoney & { readonly status: "excluded"; readonly method: PayoutRunMethodName | null; readonly destination: PayoutDestination; readonly excludedReason: string });

/**
 * One creator's line in a payout run: what they are paid (approved commissions owed, net of clawbacks, by their
 * method), or why they are left out, in the merchant's words. Reasons are checked in this order, and the first that
 * applies is given: not an active creator (paused, …), nothing payable (only on hold, clawbacks exceed, below the
 * minimum), no payout method or no details for it, details awaiting the merchant's review, tax form missing.
 * Commissions on hold are never paid; a creator who also has approved money is paid that.
 */
export function planPayoutRunItem(candidate: PayoutRunCandidate, rules: PayoutRunRules): PlannedPayoutRunItem {
  const decision = decideOwedPayout(candidate.totals, rules.minimumPayoutMinor);
  const money: ItemMoney = {
    creatorId: candidate.creatorId,
    amountMinor: decision.total.amountMinor > 0n ? decision.total.amountMinor : 0n,
    clawbackMinor: candidate.totals.clawbackMinor,
    commissionCount: decision.commissionCount,
  };
  const method = candidate.profile?.method ?? rules.defaultMethod;
  const destination = describeDestination(candidate, method);
  const exclude = (excludedReason: string): PlannedPayoutRunItem => ({ ...money, status: "excluded", method, destination, excludedReason });
  const name = candidate.creatorName;

  if (candidate.creatorStatus === "paused") {
    return exclude(`${name} is paused${candidate.creatorStatusReason ? ` (${candidate.creatorStatusReason})` : ""}. Resume them on their creator page to include them in the next run.`);
  }
  if (candidate.creatorStatus !== "approved") {
    return exclude(`${name} is not an active creator (status: ${candidate.creatorStatus}). Approve them on their creator page to pay them.`);
  }
  if (decision.blocker === "nothing_approved" && candidate.totals.onHoldMinor > 0n) {
    const count = candidate.totals.onHoldCount;
    return exclude(
      `${formatMoney({ amountMinor: candidate.totals.onHoldMinor, currency: candidate.totals.currency })} is on hold (${count} commission${count === 1 ? "" : "s"}). ` +
      "Release them on the Commissions page to pay them in a later run.",
    );
  }
  if (!decision.payable) return exclude(decision.reason);
  if (method === null) {
    return exclude(`${name} has not chosen a payout method. Ask them to choose one in the creator portal, or set a default method in Settings › Payouts.`);
  }
  if (method === "paypal" && !("paypalEmail" in destination)) {
    const legacy = candidate.payoutEmail
      ? ` (The payout email on their creator page, ${candidate.payoutEmail}, is only shown for payouts you record by hand: runs pay only details the creator confirmed.)`
      : "";
    return exclude(`${name} has no PayPal email confirmed in the creator portal. Ask them to add one there (Payouts › Payout method).${legacy}`);
  }
  if ((method === "sepa_file" || method === "wise_file") && !("ibanLast4" in destination)) {
    return exclude(`${name} has no bank account (IBAN). Ask them to add one in the creator portal (Payouts › Payout method).`);
  }
  if (candidate.profile?.reviewRequired) {
    return exclude(
      `${name}'s payout details changed${candidate.profile.reviewReason ? ` (${candidate.profile.reviewReason})` : ""} and wait for your review. ` +
      "Review them on the creator's page, then plan a new run.",
    );
  }
  if (rules.requireTaxForm && !candidate.hasTaxForm) {
    return exclude(`${name} has no W-9 or W-8BEN on file, and Settings › Payouts requires one. Ask them to submit it in the creator portal (Tax details).`);
  }
  return { ...money, status: "planned", method, destination };
}

function describeDestination(candidate: PayoutRunCandidate, method: PayoutRunMethodName | null): PayoutDestination {
  const profile = candidate.profile;
  switch (method) {
    case "paypal": {
      const address = choosePaypalAddress({ confirmedPaypalEmail: profile?.paypalEmail ?? null, payoutEmail: candidate.payoutEmail, contactEmail: null }, "run");
      return address ? { paypalEmail: address.email } : {};
    }
    case "sepa_file":
    case "wise_file":
      return profile?.ibanLast4 ? { ibanLast4: profile.ibanLast4, accountHolderName: profile.accountHolderName } : {};
    case "store_credit":
    case "gift_card":
      return { customerId: candidate.shopifyCustomerId };
    default:
      return {};
  }
}
