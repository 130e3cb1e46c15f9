// Payouts: which of a creator's commissions a payout pays or recovers, and whether it may happen now.
export { planPayout, type PayoutCandidate, type PayoutLine, type PayoutPlan } from "./plan-payout";
export { describePayoutMethod, PAYOUT_METHOD_LABELS, PAYOUT_METHODS, type PayoutMethod } from "./payout-methods";
