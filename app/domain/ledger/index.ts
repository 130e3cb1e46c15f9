// The append-only commission ledger: entry kinds, the status transition table, refunds, edits, payouts.
export type * from "./ledger-types";
export { applyEvent, type ApplyEventOptions } from "./apply-event";
export { COMMISSION_ACTIONS, MAX_BULK_COMMISSIONS, type CommissionAction } from "./commission-actions";
export { CommissionReversalError } from "./commission-reversal-error";
export {
  assertTransition,
  canTransition,
  COMMISSION_STATUS_TRANSITIONS,
  CommissionStatusError,
} from "./commission-status-transitions";
export { computeRefundReversal, type RefundReversal, type RefundReversalLine } from "./compute-refund-reversal";
export { computeRemainingCommission, type RemainingCommission } from "./compute-remaining-commission";
export { computeRemainingLineCommission } from "./compute-remaining-line-commission";
export { checkApprovability, isApprovable, type Approvability } from "./is-approvable";
export { COMMISSION_ENTRY_KINDS, summarizeLedgerEntries, type LedgerSummary } from "./summarize-ledger-entries";
