import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluateCommission, keepEditedOrder } from "../commission";
import type { CommissionInput } from "../commission";
import { createRate, createRateFromBasisPoints, type Money, type Rate } from "../money";
import { applyEvent } from "./apply-event";
import { computeRemainingCommission } from "./compute-remaining-commission";
import type { CommissionLedgerState, LedgerEntry, LedgerEvent } from "./ledger-types";
import { summarizeLedgerEntries } from "./summarize-ledger-entries";

/*
 * PROPERTY: whatever refunds, edits and cancellation happen to an order, and however Shopify delivers them
 * (duplicated, shuffled, refunds before their order), the ledger ends at the commission the ORACLE computes from
 * the order's final state alone, to the minor unit.
 *
 * THE ORDER AS SHOPIFY KEEPS IT. Every evaluation reads the order the way Shopify reports it after edits
 * (keepEditedOrder, shared by the REST and GraphQL readers): each line's `quantity` and `discount_allocations` stay
 * the ORIGINAL ones (units removed by edits included), `current_quantity` drops by the removed and refunded units,
 * `total_discounts` stays the original Σ allocations + D, where D is an order-level discount Shopify did not spread
 * onto lines. Lines carry a code's per-unit discount AND a share of an order-level discount spread "across" them
 * (both real discount_allocations). Raising a line's quantity adds a new line without discount, as Shopify does.
 *
 * THE ORACLE, precisely. Let the final order have lines i with
 *   p_i  unit price, r_i the line's rate (a fraction),
 *   n_i  units originally ordered, q_i units as last edited (refunded units still counted: refunds do not edit
 *        quantities), so e_i = n_i − q_i units were removed by edits,
 *   L_ij the line's original discount allocations (for all n_i units),
 *   R_i  units refunded in total over all refunds (capped at q_i),
 * plus an order-level discount D that Shopify left unallocated and an optional cap K. Then, in plain bigint:
 *   0. The kept part of each allocation is k_ij = L_ij when e_i = 0, else the first part of L_ij split [q_i, e_i]
 *      by largest remainder. D's kept part D' = D when nothing was removed, else the first part of D split
 *      [Σ max(0, a_i), Σ max(0, p_i·n_i − Σ_j L_ij) − Σ max(0, a_i)] (the kept and removed amounts after line
 *      discounts): the units removed take their share of D with them.
 *   1. a_i = p_i·q_i − Σ_j k_ij; D' is split over the max(0, a_i) by largest remainder (ties to the lower index);
 *      b_i = max(0, a_i − share_i).
 *   2. T = Σ b_i·r_i, rounded ONCE half-even; T is split over the lines by largest remainder in proportion to
 *      b_i·r_i, giving C_i. If K is set and Σ C_i > K, K is split in proportion to the C_i instead.
 *   3. The creator keeps of each line   keep_i = round_half_up(C_i × (q_i − R_i) / q_i)   (C_i when q_i = 0).
 *   4. Net = 0 if the order was cancelled, else Σ keep_i.
 *   5. A merchant's manual reversals (commands, never more than remains when issued) total M: the ledger ends
 *      at max(0, Net − M), whatever refunds and edits came before or after them.
 * The oracle is written here from scratch (it shares no code with commission/ or ledger/): the splits hand out
 * units one at a time to the largest remaining fraction, and keep_i is the closed form ⌊(2·C·k + q) / 2q⌋.
 *
 * Why this is the policy, and why it is fair:
 * - A line's commission is a per-line fact, fixed when the order (or its latest edit) is evaluated. Refunding a
 *   unit of one line never changes another line's commission (no re-splitting of discounts or caps behind the
 *   merchant's back), and a capped order gives back the capped amount pro rata.
 * - keep_i depends only on how many units are left, not on how refunds were batched or in which order webhooks
 *   arrived: refunding 1 + 1 units takes back exactly what refunding 2 at once does. No minor unit is lost or
 *   invented: full refunds reverse exactly what was accrued; partial ones reverse the nearest whole minor unit of
 *   the exact pro-rata share, an exact half staying with the creator (at most half a minor unit per line).
 */

const CURRENCIES = [
  { currency: "USD", maxPrice: 50_000n },
  { currency: "JPY", maxPrice: 50_000n },
  { currency: "KWD", maxPrice: 500_000n },
] as const;

/** `ordered` is Shopify's quantity (never changes), `quantity` the units as edited, `allocations` the ORIGINAL ones. */
type ModelLine = { id: string; productId: string; price: bigint; allocations: bigint[]; ordered: number; quantity: number; refunded: number; rate: Rate };
type OrderModel = { lines: ModelLine[]; orderDiscount: bigint; cap: bigint | null; defaultRate: Rate };

// ---- generators -------------------------------------------------------------------------------------------

const rateArbitrary = fc.oneof(
  // Round rates make exact half-unit ties common (50% of an odd amount, 10% of one ending in 5), so the
  // half-even policy is really exercised rather than hit by luck.
  { weight: 4, arbitrary: fc.constantFrom(5000n, 1000n, 2500n, 1250n, 500n, 10_000n).map((basisPoints) => createRateFromBasisPoints(basisPoints)) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 5000 }).map((basisPoints) => createRateFromBasisPoints(BigInt(basisPoints))) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 1, max: 997 }).chain((denominator) =>
      fc.integer({ min: 0, max: denominator }).map((numerator) => createRate(BigInt(numerator), BigInt(denominator)))),
  },
);

const lineArbitrary = (maxPrice: bigint) =>
  fc.record({
    price: fc.oneof(fc.bigInt({ min: 0n, max: 200n }), fc.bigInt({ min: 0n, max: maxPrice })),
    discountPermille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
    quantity: fc.integer({ min: 1, max: 5 }),
    ownRate: fc.option(rateArbitrary, { nil: null, freq: 2 }),
  });

const actionArbitrary = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant("refund" as const), line: fc.nat(), units: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("full_refund" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("edit_increase" as const), line: fc.nat(), units: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("edit_decrease" as const), line: fc.nat(), units: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("edit_remove" as const), line: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("edit_add" as const), price: fc.bigInt({ min: 0n, max: 20_000n }), quantity: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const) }) },
);

const buildScenarioArbitrary = ({ currency, maxPrice }: (typeof CURRENCIES)[number]) =>
  fc.record({
    currency: fc.constant(currency),
    lines: fc.array(lineArbitrary(maxPrice), { minLength: 1, maxLength: 5 }),
    orderDiscountPermille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
    // An order-level discount Shopify spreads "across" the lines as discount allocations.
    acrossDiscountPermille: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 1000 })),
    capPermille: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    defaultRate: rateArbitrary,
    actions: fc.array(actionArbitrary, { maxLength: 10 }),
    // Delivery: how many copies of each event, and a random key per copy to shuffle them.
    copies: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 32, maxLength: 32 }),
    shuffleKeys: fc.array(fc.nat(), { minLength: 96, maxLength: 96 }),
    // The merchant approves and pays the commission after this many deliveries (payouts are commands issued by
    // Affable, not webhooks, so they are never shuffled); later reductions must become clawbacks.
    payoutAfter: fc.option(fc.nat({ max: 40 }), { nil: null }),
    // A merchant reverses part (or, at 1000‰, all) of what remains after this many deliveries: a command too.
    reverseAfter: fc.option(fc.nat({ max: 40 }), { nil: null }),
    reversePermille: fc.integer({ min: 1, max: 1000 }),
  });

type Scenario = ReturnType<typeof buildScenarioArbitrary> extends fc.Arbitrary<infer Generated> ? Generated : never;

// ---- the true history of the order ------------------------------------------------------------------------

const ORDER_AT = new Date("2025-03-01T10:00:00.000Z");
const NOW = new Date("2025-06-01T00:00:00.000Z");

function buildHistory(scenario: Scenario) {
  const { currency } = scenario;
  const afterCode = scenario.lines.map((line) => (line.price - (line.price * BigInt(line.discountPermille)) / 1000n) * BigInt(line.quantity));
  const afterCodeTotal = afterCode.reduce((sum, amount) => sum + amount, 0n);
  const across = splitByHandout((afterCodeTotal * BigInt(scenario.acrossDiscountPermille)) / 1000n / 2n, afterCode);
  const lines: ModelLine[] = scenario.lines.map((line, index) => ({
    id: `L${index}`,
    productId: `P${index}`,
    price: line.price,
    allocations: [((line.price * BigInt(line.discountPermille)) / 1000n) * BigInt(line.quantity), across[index] ?? 0n].filter((amount) => amount > 0n),
    ordered: line.quantity,
    quantity: line.quantity,
    refunded: 0,
    rate: line.ownRate ?? scenario.defaultRate,
  }));
  const afterLineDiscounts = afterCodeTotal - across.reduce((sum, amount) => sum + amount, 0n);
  const model: OrderModel = {
    lines,
    orderDiscount: (afterLineDiscounts * BigInt(scenario.orderDiscountPermille)) / 1000n / 2n,
    cap: scenario.capPermille === null ? null : (afterLineDiscounts * BigInt(scenario.capPermille)) / 1000n,
    defaultRate: scenario.defaultRate,
  };
  const productRates = scenario.lines.flatMap((line, index) => (line.ownRate === null ? [] : [{ productId: `P${index}`, rate: line.ownRate }]));

  const evaluate = () => evaluateCommission(toCommissionInput(model, currency, productRates));
  const events: LedgerEvent[] = [
    { type: "order_created", eventId: "order", orderId: "1", creatorId: "alice", orderCreatedAt: ORDER_AT, test: false, commission: evaluate() },
  ];
  let cancelled = false;
  let edits = 0;
  let refunds = 0;
  const pick = (index: number) => model.lines[index % model.lines.length] as ModelLine;
  const refund = (items: Array<[ModelLine, number]>) => {
    if (items.length === 0) return;
    refunds += 1;
    for (const [line, units] of items) line.refunded += units;
    events.push({
      type: "refund_created", eventId: `refund:${refunds}`, refundId: String(refunds),
      createdAt: new Date(ORDER_AT.getTime() + refunds * 60_000),
      refundLineItems: items.map(([line, units]) => ({ lineItemId: line.id, quantity: units, subtotal: { amountMinor: 0n, currency } })),
      orderAdjustments: [],
    });
  };
  const recordEdit = () => {
    edits += 1;
    events.push({ type: "order_edited", eventId: `edit:${edits}`, editedAt: new Date(ORDER_AT.getTime() + edits * 3_600_000), commission: evaluate() });
  };

  for (const action of scenario.actions) {
    switch (action.kind) {
      case "refund": {
        const open = model.lines.filter((line) => line.quantity > line.refunded);
        const line = open[action.line % Math.max(open.length, 1)];
        if (line !== undefined) refund([[line, 1 + (action.units % (line.quantity - line.refunded))]]);
        break;
      }
      case "full_refund":
        refund(model.lines.filter((line) => line.quantity > line.refunded).map((line) => [line, line.quantity - line.refunded]));
        break;
      case "cancel":
        if (!cancelled) {
          cancelled = true;
          events.push({ type: "order_cancelled", eventId: "cancel", cancelledAt: new Date(ORDER_AT.getTime() + 86_400_000), reason: "customer" });
        }
        break;
      default: {
        if (cancelled) break; // Shopify does not edit cancelled orders.
        if (action.kind === "edit_increase") {
          // Shopify adds the extra units as a new line of the same product, at its price, without the order's discounts.
          const line = pick(action.line);
          model.lines.push({ ...line, id: `L${model.lines.length}`, allocations: [], ordered: action.units, quantity: action.units, refunded: 0 });
        }
        if (action.kind === "edit_decrease") {
          const line = pick(action.line);
          line.quantity = Math.max(line.refunded, line.quantity - action.units);
        }
        if (action.kind === "edit_remove") {
          const line = pick(action.line);
          line.quantity = line.refunded; // the unrefunded units are removed; refunded ones stay on record
        }
        if (action.kind === "edit_add") {
          model.lines.push({ id: `L${model.lines.length}`, productId: `P${model.lines.length}`, price: action.price, allocations: [], ordered: action.quantity, quantity: action.quantity, refunded: 0, rate: model.defaultRate });
        }
        recordEdit();
      }
    }
  }
  return { events, model, cancelled };
}

function toCommissionInput(model: OrderModel, currency: string, productRates: CommissionInput["program"]["productRates"]): CommissionInput {
  const amount = (amountMinor: bigint): Money => ({ amountMinor, currency });
  const pair = (amountMinor: bigint) => ({ shop: amount(amountMinor), presentment: amount(amountMinor) });
  // What Shopify reports: original quantities, allocations and total_discounts; current_quantity as edited and refunded.
  const totalDiscounts = model.lines.reduce((sum, line) => sum + line.allocations.reduce((lineSum, allocation) => lineSum + allocation, 0n), model.orderDiscount);
  const edited = keepEditedOrder(
    model.lines.map((line) => ({
      line: {
        lineItemId: line.id, productId: line.productId, collectionIds: [], quantity: line.ordered,
        unitPrice: pair(line.price), discountAllocations: line.allocations.map(pair), taxLines: [], giftCard: false, tip: false,
      },
      currentQuantity: line.quantity - line.refunded,
      refundedUnits: line.refunded,
    })),
    pair(totalDiscounts),
    [],
    { shop: currency, presentment: currency },
  );
  return {
    order: {
      orderId: "1", shopCurrency: currency, presentmentCurrency: currency, taxesIncluded: false, customerPreviousOrderCount: 0,
      unallocatedOrderDiscount: edited.unallocatedOrderDiscount,
      lineItems: edited.lineItems,
    },
    program: {
      ruleVersionId: "v1", defaultRule: { kind: "percentage", rate: model.defaultRate }, productRates, collectionRates: [],
      newCustomersOnly: false, capPerOrder: model.cap === null ? null : amount(model.cap),
    },
    creator: { creatorId: "alice", override: null, attributedRevenueBeforeOrder: amount(0n) },
  };
}

// ---- the oracle (independent arithmetic) --------------------------------------------------------------------

/** Hands out `total` one unit at a time to the biggest remaining fraction; ties to the lower index. */
function splitByHandout(total: bigint, weights: readonly bigint[]): bigint[] {
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) return weights.map(() => 0n);
  const parts = weights.map((weight) => (total * weight) / weightSum);
  const fractions = weights.map((weight) => (total * weight) % weightSum);
  let left = total - parts.reduce((sum, part) => sum + part, 0n);
  while (left > 0n) {
    let best = -1;
    fractions.forEach((fraction, index) => {
      if (fraction >= 0n && (best === -1 || fraction > (fractions[best] ?? -1n))) best = index;
    });
    parts[best] = (parts[best] ?? 0n) + 1n;
    fractions[best] = -1n;
    left -= 1n;
  }
  return parts;
}

function computeOracleNet(model: OrderModel, cancelled: boolean): bigint {
  if (cancelled) return 0n;
  const keptPart = (amount: bigint, kept: number, removed: number) => (removed === 0 ? amount : (splitByHandout(amount, [BigInt(kept), BigInt(removed)])[0] ?? 0n));
  const clamp = (amount: bigint) => (amount > 0n ? amount : 0n);
  const after = model.lines.map((line) => clamp(line.price * BigInt(line.quantity)
    - line.allocations.reduce((sum, allocation) => sum + keptPart(allocation, line.quantity, line.ordered - line.quantity), 0n)));
  const keptAfter = after.reduce((sum, amount) => sum + amount, 0n);
  const orderedAfter = model.lines.reduce((sum, line) => sum + clamp(line.price * BigInt(line.ordered) - line.allocations.reduce((lineSum, allocation) => lineSum + allocation, 0n)), 0n);
  const removedAfter = clamp(orderedAfter - keptAfter);
  const keptOrderDiscount = removedAfter === 0n ? model.orderDiscount : (splitByHandout(model.orderDiscount, [keptAfter, removedAfter])[0] ?? 0n);
  const discountShares = splitByHandout(keptOrderDiscount, after);
  const bases = after.map((amount, index) => {
    const base = amount - (discountShares[index] ?? 0n);
    return base > 0n ? base : 0n;
  });
  // Exact Σ b_i·r_i over the product of all denominators (not the lcm: a different route to the same fraction).
  const denominator = model.lines.reduce((product, line) => product * line.rate.denominator, 1n);
  const weights = model.lines.map((line, index) => ((bases[index] ?? 0n) * line.rate.numerator * denominator) / line.rate.denominator);
  const exact = weights.reduce((sum, weight) => sum + weight, 0n);
  const floor = exact / denominator;
  const twiceRemainder = 2n * (exact % denominator);
  const total = twiceRemainder > denominator || (twiceRemainder === denominator && floor % 2n === 1n) ? floor + 1n : floor;
  let commissions = splitByHandout(total, weights);
  if (model.cap !== null && total > model.cap) commissions = splitByHandout(model.cap, commissions);
  return model.lines.reduce((sum, line, index) => {
    const commission = commissions[index] ?? 0n;
    if (line.quantity === 0) return sum + commission;
    const kept = BigInt(line.quantity - Math.min(line.refunded, line.quantity));
    const quantity = BigInt(line.quantity);
    return sum + (2n * commission * kept + quantity) / (2n * quantity);
  }, 0n);
}

// ---- delivery and checks ------------------------------------------------------------------------------------

function deliver(events: readonly LedgerEvent[], copies: readonly number[], shuffleKeys: readonly number[]): LedgerEvent[] {
  const deliveries = events.flatMap((event, index) => Array.from({ length: copies[index % copies.length] ?? 1 }, () => event));
  return deliveries
    .map((event, index) => ({ event, key: shuffleKeys[index % shuffleKeys.length] ?? 0, index }))
    .sort((left, right) => left.key - right.key || left.index - right.index)
    .map(({ event }) => event);
}

function sumCommissionEntries(entries: readonly LedgerEntry[], currency: string): bigint {
  return summarizeLedgerEntries(entries, currency).net.amountMinor;
}

describe.each(CURRENCIES)("ledger property in $currency: net commission equals the oracle, whatever the delivery", (currency) => {
  it("holds for random orders, duplicated and shuffled refunds, edits and cancellations", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(buildScenarioArbitrary(currency), (scenario) => {
        const { events, model, cancelled } = buildHistory(scenario);
        const delivered = deliver(events, scenario.copies, scenario.shuffleKeys);

        let state: CommissionLedgerState | null = null;
        const entries: LedgerEntry[] = [];
        const deferred: LedgerEvent[] = [];
        let deliveries = 0;
        const apply = (event: LedgerEvent): void => {
          const before: CommissionLedgerState | null = state;
          const result = applyEvent(state, event, NOW);
          if (result.outcome === "deferred") {
            deferred.push(result.event);
            return;
          }
          if (result.outcome === "duplicate") expect(result.entries).toEqual([]);
          state = result.state;
          entries.push(...result.entries);
          if (state !== null) {
            const current: CommissionLedgerState = state;
            const basisTotal = current.basis.lines.reduce((sum, line) => sum + line.commission.amountMinor, 0n);
            expect(current.netMinor >= 0n).toBe(true);
            expect(current.netMinor <= basisTotal).toBe(true);
            expect(sumCommissionEntries(entries, scenario.currency)).toBe(current.netMinor);
            for (const line of computeRemainingCommission(current.basis, current.refundedQuantityByLine, current.cancelled).lines) {
              expect(line.remaining.amountMinor >= 0n && line.remaining.amountMinor <= line.commission.amountMinor).toBe(true);
            }
          }
          if (before !== null && state !== null) {
            // A reduction is taken from the unpaid part first; only what had already been paid is a clawback.
            const previous: CommissionLedgerState = before;
            const reduction = previous.netMinor - (state as CommissionLedgerState).netMinor;
            const unpaid = previous.netMinor > previous.paidMinor ? previous.netMinor - previous.paidMinor : 0n;
            const expectedClawback = reduction > unpaid ? reduction - unpaid : 0n;
            const clawback = -result.entries.filter((entry) => entry.kind === "clawback").reduce((sum, entry) => sum + entry.amount.amountMinor, 0n);
            expect(clawback).toBe(expectedClawback);
          }
          if (event.type === "order_created") deferred.splice(0).forEach(apply);
        };
        const payOut = () => {
          const current = state as CommissionLedgerState | null;
          if (current === null || current.status !== "pending" || current.netMinor === 0n) return;
          for (const command of [
            { type: "commission_approved", eventId: "approve" },
            { type: "payout_paid", eventId: "payout", payoutId: "p1" },
          ] satisfies LedgerEvent[]) {
            const result = applyEvent(state, command, NOW);
            state = result.state;
            entries.push(...result.entries);
          }
        };
        // Σ reversed by hand. The ledger's promise: net = max(0, the oracle's net − what was reversed by hand).
        let manualReversed = 0n;
        const reverseByHand = () => {
          const current = state as CommissionLedgerState | null;
          if (current === null || current.netMinor === 0n) return;
          const share = (current.netMinor * BigInt(scenario.reversePermille)) / 1000n;
          const amount = scenario.reversePermille === 1000 ? null : { amountMinor: share > 0n ? share : 1n, currency: scenario.currency };
          manualReversed += amount?.amountMinor ?? current.netMinor;
          apply({ type: "commission_reversed", eventId: "reverse", amount, reason: "property" });
        };
        delivered.forEach((event) => {
          apply(event);
          deliveries += 1;
          if (deliveries === scenario.payoutAfter) payOut();
          if (deliveries === scenario.reverseAfter) reverseByHand();
        });

        expect(deferred).toEqual([]);
        const final = state as CommissionLedgerState | null;
        if (final === null) throw new Error("the order was never accrued");
        const oracleBeforeManual = computeOracleNet(model, cancelled);
        const oracle = oracleBeforeManual > manualReversed ? oracleBeforeManual - manualReversed : 0n;
        expect(final.netMinor).toBe(oracle);
        expect(sumCommissionEntries(entries, scenario.currency)).toBe(oracle);
        expect(entries.every((entry) => entry.amount.currency === scenario.currency)).toBe(true);
        const summary = summarizeLedgerEntries(entries, scenario.currency);
        expect(summary.owed.amountMinor).toBe(oracle - final.paidMinor);
        const everEarned = entries.some((entry) => entry.kind !== "payout" && entry.amount.amountMinor > 0n);
        expect(final.status === "reversed").toBe(oracle === 0n && (cancelled || everEarned));

        // Fairness of the split: each line keeps its exact pro-rata share to within half a minor unit.
        for (const line of computeRemainingCommission(final.basis, final.refundedQuantityByLine, final.cancelled).lines) {
          if (final.cancelled || line.quantity === 0) continue;
          const kept = BigInt(line.quantity - Math.min(line.refundedQuantity, line.quantity));
          const error = line.remaining.amountMinor * BigInt(line.quantity) - line.commission.amountMinor * kept;
          expect(2n * (error < 0n ? -error : error) <= BigInt(line.quantity)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
