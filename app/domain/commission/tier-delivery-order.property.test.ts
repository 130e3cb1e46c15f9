import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyEvent, type CommissionLedgerState, type LedgerEntry, type LedgerEvent } from "../ledger";
import { createMoney, createRateFromBasisPoints, type Money } from "../money";
import type { CommissionDerivation, CommissionOrder, CommissionProgram, CommissionTier } from "./commission-types";
import { computeRevenueBeforeOrder, decidePeriodTiers, type TierPeriodOrder } from "./decide-period-tiers";
import { countsTowardTier, decideRetier } from "./decide-retier";
import { evaluateCommission } from "./evaluate-commission";

/*
 * PROPERTY: for one creator's orders in one tiered period, whatever order their webhooks are delivered in (orders,
 * refunds and cancellations shuffled; refunds and cancellations may come before their order), each order ends at
 * the same ledger balance, and that balance is the one the orders' own times give: each order priced at the tier
 * of the revenue of the orders placed strictly before it (decidePeriodTiers), then refunded and cancelled.
 *
 * The simulation does what the services do: an order accrues at the tier of the revenue of the orders recorded so
 * far, then every recorded later order it counts toward is checked (decideRetier) and re-priced with an
 * order_retiered event; refunds and cancellations are ledger events, deferred until their order is recorded.
 */

type Sale = { id: string; day: number; unitPrice: bigint; quantity: number; refundUnits: number; cancelled: boolean };
type Delivery = { kind: "order" | "refund" | "cancel"; sale: Sale };

const CURRENCY = "JPY";
const money = (minor: bigint): Money => createMoney(minor, CURRENCY);
const placedAt = (sale: Sale) => new Date(Date.UTC(2026, 10, 1 + sale.day, 12));

function buildOrder(sale: Sale): CommissionOrder {
  const pair = (minor: bigint) => ({ shop: money(minor), presentment: money(minor) });
  return {
    orderId: sale.id,
    shopCurrency: CURRENCY,
    presentmentCurrency: CURRENCY,
    taxesIncluded: false,
    lineItems: [{ lineItemId: `${sale.id}/line`, productId: null, collectionIds: [], quantity: sale.quantity, unitPrice: pair(sale.unitPrice), discountAllocations: [], taxLines: [], giftCard: false, tip: false }],
    unallocatedOrderDiscount: pair(0n),
    customerPreviousOrderCount: 0,
  };
}

function buildProgram(tiers: CommissionTier[]): CommissionProgram {
  return { ruleVersionId: "rules-v1", defaultRule: { kind: "tiered", tiers }, productRates: [], collectionRates: [], newCustomersOnly: false, capPerOrder: null };
}

function price(sale: Sale, program: CommissionProgram, revenue: Money): CommissionDerivation {
  return evaluateCommission({ order: buildOrder(sale), program, creator: { creatorId: "creator", override: null, attributedRevenueBeforeOrder: revenue } });
}

function refundOf(sale: Sale): LedgerEvent {
  return {
    type: "refund_created", eventId: `refund:${sale.id}`, refundId: sale.id, createdAt: placedAt(sale),
    refundLineItems: [{ lineItemId: `${sale.id}/line`, quantity: sale.refundUnits, subtotal: money(0n) }], orderAdjustments: [],
  };
}

const cancellationOf = (sale: Sale): LedgerEvent => ({ type: "order_cancelled", eventId: `cancel:${sale.id}`, cancelledAt: placedAt(sale), reason: null });

/** Delivers in the given order, like the services; returns each order's net and the Σ of its commission rows. */
function deliver(deliveries: readonly Delivery[], program: CommissionProgram, now: Date) {
  const ledgers = new Map<string, { sale: Sale; state: CommissionLedgerState; entries: LedgerEntry[] }>();
  const deferred = new Map<string, LedgerEvent[]>();
  const recorded: TierPeriodOrder[] = [];
  const apply = (orderId: string, event: LedgerEvent) => {
    const ledger = ledgers.get(orderId);
    if (ledger === undefined) {
      deferred.set(orderId, [...(deferred.get(orderId) ?? []), event]);
      return;
    }
    const result = applyEvent(ledger.state, event, now);
    if (result.state !== null) ledger.state = result.state;
    ledger.entries.push(...result.entries);
  };
  for (const { kind, sale } of deliveries) {
    if (kind === "refund") apply(sale.id, refundOf(sale));
    if (kind === "cancel") apply(sale.id, cancellationOf(sale));
    if (kind !== "order") continue;
    const derivation = price(sale, program, computeRevenueBeforeOrder(recorded, placedAt(sale), CURRENCY));
    const accrual = applyEvent(null, { type: "order_created", eventId: `order:${sale.id}`, orderId: sale.id, creatorId: "creator", orderCreatedAt: placedAt(sale), test: false, commission: derivation }, now);
    if (accrual.state === null) throw new Error(accrual.reason);
    ledgers.set(sale.id, { sale, state: accrual.state, entries: [...accrual.entries] });
    for (const event of deferred.get(sale.id) ?? []) apply(sale.id, event);
    deferred.delete(sale.id);
    recorded.push({ orderId: sale.id, placedAt: placedAt(sale), revenue: derivation.base.shop });
    // The late-order step: re-tier every recorded later order this one counts toward.
    for (const later of ledgers.values()) {
      const basis = later.state.basis as CommissionDerivation;
      const pricing = { orderId: later.sale.id, placedAt: placedAt(later.sale), periodStart: null, derivation: basis };
      if (!countsTowardTier(pricing, placedAt(sale))) continue;
      const revenue = computeRevenueBeforeOrder(recorded, placedAt(later.sale), CURRENCY);
      if (program.defaultRule.kind !== "tiered") throw new Error("the property is about tiered programs");
      const decision = decideRetier(pricing, program.defaultRule.tiers, revenue, sale.id);
      if (!decision.retier) continue;
      apply(later.sale.id, { type: "order_retiered", eventId: `retier:${sale.id}`, commission: price(later.sale, program, revenue), reason: decision.reason });
    }
  }
  return new Map([...ledgers].map(([orderId, ledger]) => [orderId, {
    net: ledger.state.netMinor,
    rows: ledger.entries.filter((entry) => entry.kind !== "approval").reduce((sum, entry) => sum + entry.amount.amountMinor, 0n),
    retiered: ledger.entries.some((entry) => entry.kind === "tier_adjustment"),
  }]));
}

/** The orders' own times alone: tiers from decidePeriodTiers, then refunds and cancellation applied. */
function expectedBalances(sales: readonly Sale[], program: CommissionProgram, now: Date): Map<string, bigint> {
  if (program.defaultRule.kind !== "tiered") throw new Error("tiered only");
  const bases = sales.map((sale) => ({ orderId: sale.id, placedAt: placedAt(sale), revenue: price(sale, program, money(0n)).base.shop }));
  const tiers = decidePeriodTiers(bases, program.defaultRule.tiers, CURRENCY);
  return new Map(sales.map((sale) => {
    const derivation = price(sale, program, tiers.get(sale.id)!.revenueBeforeOrder);
    let state = applyEvent(null, { type: "order_created", eventId: `order:${sale.id}`, orderId: sale.id, creatorId: "creator", orderCreatedAt: placedAt(sale), test: false, commission: derivation }, now).state!;
    if (sale.refundUnits > 0) state = applyEvent(state, refundOf(sale), now).state!;
    if (sale.cancelled) state = applyEvent(state, cancellationOf(sale), now).state!;
    return [sale.id, state.netMinor];
  }));
}

const saleArbitrary = fc.record({
  day: fc.integer({ min: 0, max: 4 }), // few days, so orders placed at the same instant happen often
  unitPrice: fc.bigInt({ min: 1n, max: 30_000n }),
  quantity: fc.integer({ min: 1, max: 3 }),
  refundUnits: fc.integer({ min: 0, max: 3 }),
  cancelled: fc.boolean(),
});

const tiersArbitrary = fc
  .uniqueArray(fc.bigInt({ min: 0n, max: 80_000n }), { minLength: 1, maxLength: 4, selector: (minimum) => minimum.toString() })
  .chain((minimums) => fc.tuple(fc.constant(minimums.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))), fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: minimums.length, maxLength: minimums.length })))
  .map(([minimums, basisPoints]) => minimums.map((minimum, index): CommissionTier => ({ minimumRevenue: money(minimum), rate: createRateFromBasisPoints(BigInt(basisPoints[index]!)) })));

const scenarioArbitrary = fc
  .tuple(fc.array(saleArbitrary, { minLength: 1, maxLength: 6 }), tiersArbitrary)
  .chain(([rawSales, tiers]) => {
    const sales: Sale[] = rawSales.map((sale, index) => ({ ...sale, id: `order-${index}`, refundUnits: Math.min(sale.refundUnits, sale.quantity) }));
    const deliveries: Delivery[] = sales.flatMap((sale) => [
      { kind: "order" as const, sale },
      ...(sale.refundUnits > 0 ? [{ kind: "refund" as const, sale }] : []),
      ...(sale.cancelled ? [{ kind: "cancel" as const, sale }] : []),
    ]);
    return fc.tuple(fc.constant(sales), fc.constant(tiers), fc.shuffledSubarray(deliveries, { minLength: deliveries.length, maxLength: deliveries.length }));
  });

describe("tiers do not depend on delivery order (property)", () => {
  const now = new Date("2026-12-01T00:00:00Z");

  it("any delivery order ends at the same balance per order: the one the orders' own times give", () => {
    fc.assert(
      fc.property(scenarioArbitrary, ([sales, tiers, shuffled]) => {
        const program = buildProgram(tiers);
        const expected = expectedBalances(sales, program, now);
        const delivered = deliver(shuffled, program, now);
        for (const sale of sales) {
          expect(delivered.get(sale.id)?.net).toBe(expected.get(sale.id));
          // Balances are sums of appended rows.
          expect(delivered.get(sale.id)?.rows).toBe(expected.get(sale.id));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("in time order nothing is ever re-tiered (no tier_adjustment rows)", () => {
    fc.assert(
      fc.property(scenarioArbitrary, ([sales, tiers]) => {
        const inTimeOrder = [...sales].sort((a, b) => a.day - b.day).map((sale) => ({ kind: "order" as const, sale }));
        const program = buildProgram(tiers);
        const delivered = deliver(inTimeOrder, program, now);
        const expected = expectedBalances(sales.map((sale) => ({ ...sale, refundUnits: 0, cancelled: false })), program, now);
        for (const sale of sales) expect(delivered.get(sale.id)).toMatchObject({ net: expected.get(sale.id), retiered: false });
      }),
      { numRuns: 100 },
    );
  });
});
