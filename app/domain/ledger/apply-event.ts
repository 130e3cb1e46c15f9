import { formatMoney, getCurrencyExponent, type Money } from "../money";
import { CommissionReversalError } from "./commission-reversal-error";
import { assertTransition, CommissionStatusError } from "./commission-status-transitions";
import { computeRefundReversal } from "./compute-refund-reversal";
import { computeRemainingCommission } from "./compute-remaining-commission";
import type {
  ApplyEventResult,
  CommissionBasis,
  CommissionLedgerState,
  CommissionReversedEvent,
  CommissionStatus,
  LedgerEntry,
  LedgerEntryKind,
  LedgerEvent,
  OrderCancelledEvent,
  OrderCreatedEvent,
  OrderEditedEvent,
  OrderRetieredEvent,
  PayoutVoidedEvent,
  RefundCreatedEvent,
} from "./ledger-types";

export type ApplyEventOptions = {
  /** Count Shopify test orders (order.test) too. Off by default: a test checkout must never owe anyone money. */
  readonly includeTestOrders?: boolean;
};

type CommissionChangeKind = Extract<LedgerEntryKind, "refund_reversal" | "edit_adjustment" | "tier_adjustment" | "cancellation" | "manual_reversal">;

/**
 * The ledger's pure reducer: given the state of one (order, creator) commission and one event, returns the new
 * state and the rows to APPEND. Rows are never edited; amounts only ever change by new rows.
 *
 * How order events change money. The state keeps the facts (the commission basis in force, units refunded per
 * line, cancelled or not) and the net so far. After each order event the net must equal
 * computeRemainingCommission(facts) minus what was reversed by hand (never below 0), so the event appends exactly
 * the difference. Consequences:
 * - idempotent: an event id already applied is a `duplicate` and appends nothing;
 * - order-independent: refunds only add to per-line refunded quantities, the basis is the newest edit by
 *   `editedAt` (an older edit arriving late is ignored), a re-tier re-prices the basis in force without changing
 *   when it was decided, cancellation is a flag; so any delivery order of the same events ends at the same net;
 * - never negative and never more than the basis: each line keeps between 0 and its own commission;
 * - a reduction of commission that was already paid out is a `clawback` row (deducted from the next payout);
 *   only the unpaid part is a refund_reversal / edit_adjustment / cancellation row.
 * Events for an order not in the ledger yet are `deferred`: the service stores them and re-applies them after
 * order_created. Status commands (approve, hold, release, payout) throw a CommissionStatusError when the
 * transition table forbids them. A manual reversal (commission_reversed) is a fact too (Σ reversed by hand); it
 * throws a CommissionReversalError when it asks for more than remains, and is `ignored` when nothing remains.
 */
export function applyEvent(
  state: CommissionLedgerState | null,
  event: LedgerEvent,
  now: Date,
  options: ApplyEventOptions = {},
): ApplyEventResult {
  if (state !== null && state.appliedEventIds.includes(event.eventId)) {
    return { outcome: "duplicate", state, entries: [], reason: `event ${event.eventId} was already applied` };
  }
  if (event.type === "order_created") return applyOrderCreated(state, event, now, options);
  if (state === null) {
    return {
      outcome: "deferred", state: null, entries: [], event,
      reason: `${event.type} ${event.eventId} arrived before its order was recorded; store it and re-apply it after order_created`,
    };
  }
  switch (event.type) {
    case "refund_created":
      return applyRefund(state, event, now);
    case "order_edited":
      return applyEdit(state, event, now);
    case "order_retiered":
      return applyRetier(state, event, now);
    case "order_cancelled":
      return applyCancellation(state, event, now);
    case "commission_approved":
      // paid → approved is in the table for voided payouts only; approving is for pending commissions.
      if (state.status === "paid") throw new CommissionStatusError(`A paid commission cannot become approved by approval (order ${state.orderId}); void its payout instead.`);
      return applyStatusChange(state, event.eventId, "approved", "approval", "Approved for payout.", now, {});
    case "commission_held":
      return applyStatusChange(state, event.eventId, "on_hold", "hold", `On hold: ${event.reason}`, now, { holdReason: event.reason });
    case "commission_released":
      if (state.status !== "on_hold") {
        throw new CommissionStatusError(`Cannot release the commission on order ${state.orderId}: it is ${state.status}, not on_hold.`);
      }
      return applyStatusChange(state, event.eventId, "pending", "release", "Released from hold; approval will be decided again.", now, { holdReason: null });
    case "payout_paid":
      return applyPayout(state, event.eventId, event.payoutId, now);
    case "payout_voided":
      return applyPayoutVoid(state, event, now);
    case "commission_reversed":
      return applyManualReversal(state, event, now);
  }
}

function applyOrderCreated(
  state: CommissionLedgerState | null,
  event: OrderCreatedEvent,
  now: Date,
  options: ApplyEventOptions,
): ApplyEventResult {
  if (state !== null) {
    return {
      outcome: "ignored", state: recordEventId(state, event.eventId), entries: [],
      reason: `order ${state.orderId} was already accrued by event ${state.appliedEventIds[0] ?? "?"}`,
    };
  }
  if (event.test && options.includeTestOrders !== true) {
    return { outcome: "ignored", state: null, entries: [], reason: `order ${event.orderId} is a Shopify test order; test orders are not counted` };
  }
  checkBasis(event.commission, event.orderId);
  const total = computeRemainingCommission(event.commission, {}, false).total;
  const next: CommissionLedgerState = {
    orderId: event.orderId,
    creatorId: event.creatorId,
    currency: event.commission.currency,
    status: "pending",
    orderCreatedAt: event.orderCreatedAt,
    basis: event.commission,
    basisEventId: event.eventId,
    basisAt: event.orderCreatedAt,
    refundedQuantityByLine: {},
    cancelled: false,
    manualReversedMinor: 0n,
    netMinor: total.amountMinor,
    paidMinor: 0n,
    lastRefundAt: null,
    holdReason: null,
    appliedEventIds: [event.eventId],
  };
  const entry = buildEntry(next, event.eventId, "accrual", total, now,
    `Commission of ${formatMoney(total)} on order ${event.orderId} (rule version ${event.commission.ruleVersionId}).`);
  return { outcome: "applied", state: next, entries: [entry], reason: "order accrued" };
}

function applyRefund(state: CommissionLedgerState, event: RefundCreatedEvent, now: Date): ApplyEventResult {
  const reversal = computeRefundReversal(state.basis, event.refundLineItems, event.orderAdjustments, state.refundedQuantityByLine);
  const refundedQuantityByLine = { ...state.refundedQuantityByLine };
  for (const item of event.refundLineItems) {
    refundedQuantityByLine[item.lineItemId] = (refundedQuantityByLine[item.lineItemId] ?? 0) + item.quantity;
  }
  const lastRefundAt = state.lastRefundAt === null || event.createdAt > state.lastRefundAt ? event.createdAt : state.lastRefundAt;
  const detail = reversal.lines
    .filter((line) => line.refundedNow > 0)
    .map((line) => `${line.refundedNow} of ${line.orderedQuantity} × line ${line.lineItemId}` +
      (state.cancelled ? "" : ` (−${formatMoney(line.reversed)})`));
  const description = [
    `Refund ${event.refundId}${detail.length > 0 ? `: ${detail.join(", ")}` : ""}.`,
    state.cancelled ? "The order is cancelled; nothing remained to reverse." : "",
    ...reversal.notes,
  ].filter((part) => part !== "").join(" ");
  return applyCommissionChange(state, { refundedQuantityByLine, lastRefundAt }, event.eventId, "refund_reversal", description, now);
}

function applyEdit(state: CommissionLedgerState, event: OrderEditedEvent, now: Date): ApplyEventResult {
  const newer = event.editedAt.getTime() > state.basisAt.getTime() ||
    (event.editedAt.getTime() === state.basisAt.getTime() && event.eventId > state.basisEventId);
  if (!newer) {
    return {
      outcome: "ignored", state: recordEventId(state, event.eventId), entries: [],
      reason: `edit ${event.eventId} (${event.editedAt.toISOString()}) is older than the basis in force (${state.basisEventId}); ignored`,
    };
  }
  checkBasis(event.commission, state.orderId);
  if (event.commission.currency !== state.currency) {
    throw new RangeError(`Order ${state.orderId} was accrued in ${state.currency}, but edit ${event.eventId} is in ${event.commission.currency}.`);
  }
  const total = computeRemainingCommission(event.commission, {}, false).total;
  return applyCommissionChange(
    state,
    { basis: event.commission, basisEventId: event.eventId, basisAt: event.editedAt },
    event.eventId,
    "edit_adjustment",
    `Order edited: commission re-evaluated to ${formatMoney(total)} before refunds (rule version ${event.commission.ruleVersionId}).`,
    now,
  );
}

/**
 * An earlier order of the tier period arrived after this one: the basis in force, re-priced at the tier the orders'
 * times give, replaces the basis, and the difference is a tier_adjustment row (refunds, cancellation and manual
 * reversals still apply on top, as facts). Money already paid stays paid: an increase is owed on top of it (paid
 * with the next payout once approved, like an edit's), a decrease of paid money would be a clawback.
 */
function applyRetier(state: CommissionLedgerState, event: OrderRetieredEvent, now: Date): ApplyEventResult {
  checkBasis(event.commission, state.orderId);
  if (event.commission.currency !== state.currency) {
    throw new RangeError(`Order ${state.orderId} was accrued in ${state.currency}, but re-tier ${event.eventId} is in ${event.commission.currency}.`);
  }
  const total = computeRemainingCommission(event.commission, {}, false).total;
  return applyCommissionChange(state, { basis: event.commission }, event.eventId, "tier_adjustment",
    `${event.reason} Commission re-evaluated to ${formatMoney(total)} before refunds (rule version ${event.commission.ruleVersionId}).`, now);
}

function applyCancellation(state: CommissionLedgerState, event: OrderCancelledEvent, now: Date): ApplyEventResult {
  if (state.cancelled) {
    return { outcome: "ignored", state: recordEventId(state, event.eventId), entries: [], reason: `order ${state.orderId} is already cancelled` };
  }
  return applyCommissionChange(state, { cancelled: true }, event.eventId, "cancellation",
    `Order cancelled${event.reason === null ? "" : ` (${event.reason})`}: the remaining commission is reversed.`, now);
}

/**
 * A merchant's reversal: what remains is the net (already max(0, remaining − reversed by hand)). Taking `amount`
 * (or all of it) adds to the manual-reversal fact, so later refunds and edits still land on the right net in any
 * order. Money already paid out becomes a clawback, exactly as for refunds.
 */
function applyManualReversal(state: CommissionLedgerState, event: CommissionReversedEvent, now: Date): ApplyEventResult {
  const remaining = state.netMinor;
  if (remaining <= 0n) {
    return { outcome: "ignored", state: recordEventId(state, event.eventId), entries: [], reason: `nothing remains to reverse on order ${state.orderId}` };
  }
  let amountMinor = remaining;
  if (event.amount !== null) {
    if (event.amount.currency !== state.currency) {
      throw new CommissionReversalError(`The commission on order ${state.orderId} is in ${state.currency}; the reversal is in ${event.amount.currency}.`);
    }
    if (event.amount.amountMinor <= 0n) {
      throw new CommissionReversalError(`A reversal must be more than zero; got ${formatMoney(event.amount)}.`);
    }
    if (event.amount.amountMinor > remaining) {
      throw new CommissionReversalError(
        `Cannot reverse ${formatMoney(event.amount)} on order ${state.orderId}: only ${formatMoney(buildMoney(remaining, state.currency))} remains.`,
      );
    }
    amountMinor = event.amount.amountMinor;
  }
  const manualReversedMinor = (state.manualReversedMinor ?? 0n) + amountMinor;
  return applyCommissionChange(state, { manualReversedMinor }, event.eventId, "manual_reversal",
    `Reversed ${formatMoney(buildMoney(amountMinor, state.currency))} by hand: ${event.reason}`, now);
}

/** Moves the facts, then appends the difference between the new remaining commission and the net so far. */
function applyCommissionChange(
  state: CommissionLedgerState,
  facts: Partial<Pick<CommissionLedgerState, "basis" | "basisEventId" | "basisAt" | "refundedQuantityByLine" | "cancelled" | "lastRefundAt" | "manualReversedMinor">>,
  eventId: string,
  kind: CommissionChangeKind,
  description: string,
  now: Date,
): ApplyEventResult {
  const moved = { ...state, ...facts };
  const fromFacts = computeRemainingCommission(moved.basis, moved.refundedQuantityByLine, moved.cancelled).total.amountMinor;
  const afterManual = fromFacts - (moved.manualReversedMinor ?? 0n);
  const target = afterManual > 0n ? afterManual : 0n;
  const delta = target - state.netMinor;
  const status = decideStatusAfterChange(state.status, state.netMinor, target, kind === "cancellation");
  if (status !== state.status) assertTransition(state.status, status);
  const next: CommissionLedgerState = recordEventId({ ...moved, netMinor: target, status }, eventId);

  const entries: LedgerEntry[] = [];
  if (delta > 0n) {
    entries.push(buildEntry(next, eventId, kind, buildMoney(delta, state.currency), now, description));
  } else if (delta < 0n) {
    // Take the reduction from what is still unpaid first; the rest was already paid out and becomes a clawback.
    const unpaid = state.netMinor - state.paidMinor > 0n ? state.netMinor - state.paidMinor : 0n;
    const reduction = -delta;
    const fromUnpaid = reduction < unpaid ? reduction : unpaid;
    const clawback = reduction - fromUnpaid;
    if (fromUnpaid > 0n) entries.push(buildEntry(next, eventId, kind, buildMoney(-fromUnpaid, state.currency), now, description));
    if (clawback > 0n) {
      entries.push(buildEntry(next, eventId, "clawback", buildMoney(-clawback, state.currency), now,
        `${description} ${formatMoney(buildMoney(clawback, state.currency))} had already been paid out: it is deducted from the next payout.`));
    }
  } else if (kind === "cancellation" || status !== state.status) {
    // No money moves, but the status does: record it as a zero row so the history shows why.
    entries.push(buildEntry(next, eventId, kind, buildMoney(0n, state.currency), now, description));
  }
  const reason = delta === 0n ? "applied; the commission did not change" : `applied; the commission changed by ${formatMoney(buildMoney(delta, state.currency))}`;
  return { outcome: "applied", state: next, entries, reason };
}

/**
 * Status follows the money for order events: a commission that drops to zero is reversed (a cancellation always
 * reverses); one that an edit brings back above zero after being reversed is pending again. Otherwise the status
 * stays (a partially refunded approved commission is still approved, with less to pay).
 */
function decideStatusAfterChange(current: CommissionStatus, oldNet: bigint, newNet: bigint, cancellation: boolean): CommissionStatus {
  if (newNet === 0n && current !== "reversed" && (cancellation || oldNet > 0n)) return "reversed";
  if (newNet > 0n && current === "reversed") return "pending";
  return current;
}

function applyStatusChange(
  state: CommissionLedgerState,
  eventId: string,
  status: CommissionStatus,
  kind: Extract<LedgerEntryKind, "approval" | "hold" | "release">,
  description: string,
  now: Date,
  changes: Partial<Pick<CommissionLedgerState, "holdReason">>,
): ApplyEventResult {
  assertTransition(state.status, status);
  const next = recordEventId({ ...state, ...changes, status }, eventId);
  return { outcome: "applied", state: next, entries: [buildEntry(next, eventId, kind, buildMoney(0n, state.currency), now, description)], reason: `now ${status}` };
}

/**
 * Pays what is owed on this commission (net − paid). A positive amount needs an approved (or already paid)
 * commission; a negative amount is a clawback recovered by this payout and needs no approval.
 */
function applyPayout(state: CommissionLedgerState, eventId: string, payoutId: string, now: Date): ApplyEventResult {
  const owed = state.netMinor - state.paidMinor;
  if (owed === 0n) {
    return { outcome: "ignored", state: recordEventId(state, eventId), entries: [], reason: `nothing is owed on order ${state.orderId}` };
  }
  if (owed > 0n && state.status !== "approved" && state.status !== "paid") {
    throw new CommissionStatusError(
      `Cannot pay the commission on order ${state.orderId} in payout ${payoutId}: it is ${state.status}; only approved commissions are paid.`,
    );
  }
  const status: CommissionStatus = state.status === "approved" ? "paid" : state.status;
  if (status !== state.status) assertTransition(state.status, status);
  const next = recordEventId({ ...state, status, paidMinor: state.paidMinor + owed }, eventId);
  const amount = buildMoney(owed, state.currency);
  const description = owed > 0n
    ? `Paid ${formatMoney(amount)} in payout ${payoutId}.`
    : `Clawback of ${formatMoney(buildMoney(-owed, state.currency))} recovered in payout ${payoutId}.`;
  return { outcome: "applied", state: next, entries: [buildEntry(next, eventId, "payout", amount, now, description)], reason: description };
}

/**
 * Takes back what a voided payout paid on this commission: a payout row of the opposite sign (append-only), so
 * paid and owed are exactly what they were before the payout. A paid commission owed money again is approved
 * again (paid → approved in the transition table); other statuses (reversed after a clawback) stay.
 */
function applyPayoutVoid(state: CommissionLedgerState, event: PayoutVoidedEvent, now: Date): ApplyEventResult {
  if (event.amount.currency !== state.currency) {
    throw new CommissionStatusError(`The commission on order ${state.orderId} is in ${state.currency}; the voided payout is in ${event.amount.currency}.`);
  }
  if (event.amount.amountMinor === 0n) {
    return { outcome: "ignored", state: recordEventId(state, event.eventId), entries: [], reason: `payout ${event.payoutId} paid nothing on order ${state.orderId}` };
  }
  if (event.amount.amountMinor > 0n && event.amount.amountMinor > state.paidMinor) {
    throw new CommissionStatusError(
      `Cannot void ${formatMoney(event.amount)} of payout ${event.payoutId} on order ${state.orderId}: only ${formatMoney(buildMoney(state.paidMinor, state.currency))} was paid.`,
    );
  }
  const paidMinor = state.paidMinor - event.amount.amountMinor;
  const owedAfter = state.netMinor - paidMinor;
  const status: CommissionStatus = state.status === "paid" && owedAfter > 0n ? "approved" : state.status;
  if (status !== state.status) assertTransition(state.status, status);
  const next = recordEventId({ ...state, status, paidMinor }, event.eventId);
  const description = `Payout ${event.payoutId} voided (${formatMoney(event.amount)} taken back): ${event.reason}`;
  return {
    outcome: "applied", state: next, reason: description,
    entries: [buildEntry(next, event.eventId, "payout", buildMoney(-event.amount.amountMinor, state.currency), now, description)],
  };
}

function checkBasis(basis: CommissionBasis, orderId: string): void {
  getCurrencyExponent(basis.currency);
  const seen = new Set<string>();
  for (const line of basis.lines) {
    if (seen.has(line.lineItemId)) throw new RangeError(`Order ${orderId}: line item ${line.lineItemId} appears twice in the commission basis.`);
    seen.add(line.lineItemId);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 0) {
      throw new RangeError(`Order ${orderId}: line item ${line.lineItemId} has quantity ${line.quantity}; expected a whole number of units.`);
    }
    if (line.commission.currency !== basis.currency) {
      throw new RangeError(`Order ${orderId}: line item ${line.lineItemId}'s commission is in ${line.commission.currency}, the basis in ${basis.currency}.`);
    }
    if (line.commission.amountMinor < 0n) {
      throw new RangeError(`Order ${orderId}: line item ${line.lineItemId} has a negative commission (${formatMoney(line.commission)}).`);
    }
  }
}

function recordEventId(state: CommissionLedgerState, eventId: string): CommissionLedgerState {
  return { ...state, appliedEventIds: [...state.appliedEventIds, eventId] };
}

function buildEntry(
  state: CommissionLedgerState,
  eventId: string,
  kind: LedgerEntryKind,
  amount: Money,
  now: Date,
  description: string,
): LedgerEntry {
  return { kind, eventId, orderId: state.orderId, creatorId: state.creatorId, amount, statusAfter: state.status, recordedAt: now, description };
}

function buildMoney(amountMinor: bigint, currency: string): Money {
  return { amountMinor, currency };
}
