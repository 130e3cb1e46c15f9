// Builders shared by the ledger's tests (not part of the public API).
import type { Money } from "../money";
import { applyEvent } from "./apply-event";
import type { CommissionBasis, CommissionLedgerState, LedgerEntry, LedgerEvent, RefundCreatedEvent } from "./ledger-types";

export const ORDER_AT = new Date("2025-03-01T10:00:00.000Z");

export function buildBasis(currency: string, lines: ReadonlyArray<readonly [string, number, bigint]>, ruleVersionId = "rules-v1"): CommissionBasis {
  return {
    ruleVersionId,
    currency,
    lines: lines.map(([lineItemId, quantity, commissionMinor]) => ({
      lineItemId,
      quantity,
      commission: { amountMinor: commissionMinor, currency } satisfies Money,
    })),
  };
}

export function buildOrderCreated(basis: CommissionBasis, extra: { test?: boolean; eventId?: string } = {}): LedgerEvent {
  return {
    type: "order_created",
    eventId: extra.eventId ?? "order:1",
    orderId: "1",
    creatorId: "alice",
    orderCreatedAt: ORDER_AT,
    test: extra.test ?? false,
    commission: basis,
  };
}

export function buildRefund(id: string, lines: ReadonlyArray<readonly [string, number]>, currency = "USD"): RefundCreatedEvent {
  return {
    type: "refund_created",
    eventId: `refund:${id}`,
    refundId: id,
    createdAt: new Date(ORDER_AT.getTime() + 86_400_000),
    refundLineItems: lines.map(([lineItemId, quantity]) => ({ lineItemId, quantity, subtotal: { amountMinor: 0n, currency } })),
    orderAdjustments: [],
  };
}

/** Applies events in order, with the service's deferral rule: deferred events are re-applied after order_created. */
export function replayEvents(events: readonly LedgerEvent[], now = new Date("2025-04-01T00:00:00.000Z")) {
  let state: CommissionLedgerState | null = null;
  const entries: LedgerEntry[] = [];
  const deferred: LedgerEvent[] = [];
  const apply = (event: LedgerEvent) => {
    const result = applyEvent(state, event, now);
    if (result.outcome === "deferred") {
      deferred.push(result.event);
      return;
    }
    state = result.state;
    entries.push(...result.entries);
    if (event.type === "order_created" && state !== null) deferred.splice(0).forEach(apply);
  };
  events.forEach(apply);
  return { state: state as CommissionLedgerState | null, entries, deferred };
}
