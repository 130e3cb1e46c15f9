// Payouts: which of a creator's commissions a payout pays or recovers, and whether it may happen now.
export { planPayout, type PayoutCandidate, type PayoutLine, type PayoutPlan } from "./plan-payout";
export { describePayoutMethod, PAYOUT_METHOD_LABELS, PAYOUT_METHODS, type PayoutMethod } from "./payout-methods";
export {
  assertItemTransition, assertRunTransition, canItemTransition, canRunTransition, FINAL_ITEM_STATUSES, PAYOUT_ITEM_STATUSES,
  PAYOUT_ITEM_TRANSITIONS, PAYOUT_RUN_STATUSES, PAYOUT_RUN_TRANSITIONS, PayoutTransitionError,
  type PayoutItemStatusName, type PayoutRunStatusName,
} from "./payout-run-transitions";
export { decideOwedPayout, NO_OWED_TOTALS, type OwedPayoutDecision, type OwedTotals } from "./decide-owed-payout";
export {
  planPayoutRunItem, PAYOUT_RUN_METHOD_LABELS, PAYOUT_RUN_METHODS, type PayoutDestination, type PayoutRunCandidate, type PayoutRunMethodName,
  type PayoutRunRules, type PlannedPayoutRunItem,
} from "./plan-payout-run-item";
export { decideAutoApprove, type AutoApproveDecision } from "./decide-auto-approve";
export { findDuePayoutSlot, findNextPayoutSlot, readPayoutSchedule, type PayoutSchedule, type PayoutSlot } from "./find-payout-slot";
export { recheckPayoutRunItem, type ApprovalCandidate, type RecheckedPayoutRunItem } from "./recheck-payout-run-item";
export { choosePaypalAddress, PAYPAL_ADDRESS_SOURCE_LABELS, type PaypalAddress, type PaypalAddressSource } from "./choose-paypal-address";
