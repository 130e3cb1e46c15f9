// Payouts: which of a creator's commissions a payout pays or recovers, and whether it may happen now.
export { planPayout, type PayoutCandidate, type PayoutLine, type PayoutPlan } from "./plan-payout";
export { describePayoutMethod, PAYOUT_METHOD_LABELS, PAYOUT_METHODS, type PayoutMethod } from "./payout-methods";
export {
  assertItemTransition, assertRunTransition, canItemTransition, canRunTransition, FINAL_ITEM_STATUSES, PAYOUT_ITEM_STATUSES,
  PAYOUT_ITEM_TRANSITIONS, PAYOUT_RUN_STATUSES, PAYOUT_RUN_TRANSITIONS, PayoutTransitionError,
  type PayoutItemStatusName, type PayoutRunStatusName,
} from "./payout-run-transitions";
