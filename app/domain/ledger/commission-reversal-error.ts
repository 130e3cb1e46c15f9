/** A manual reversal the ledger refuses: wrong currency, not positive, or more than the commission still holds. */
export class CommissionReversalError extends Error {
  override name = "CommissionReversalError";
}
