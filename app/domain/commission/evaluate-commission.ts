import { allocate, divideHalfEven, formatMoney, formatRate, type Money, type Rate } from "../money";
import type {
  CommissionAdjustment,
  CommissionDerivation,
  CommissionInput,
  CommissionProgram,
  CommissionCreatorTerms,
  LineDerivation,
  LineRule,
  RateRule,
} from "./commission-types";
import { computeLineBases, type LineBase } from "./compute-line-bases";
import { describeFlatRule, resolveLineRule, type OrderLevelRule } from "./resolve-line-rule";
import { selectTier } from "./select-tier";

/**
 * Computes the commission a creator earns on one order, with a derivation a merchant can read line by line.
 *
 * 1. Base per line (computeLineBases): price × quantity − line discounts − tax inside the price − the line's share
 *    of any unallocated order discount. Shop money; presentment money kept alongside. Tax, shipping and tips never
 *    count; gift cards and tip lines are excluded.
 * 2. Rate per line, most specific first: product > collection > creator override > program default. A tiered rule
 *    picks its tier from the creator's attributed revenue BEFORE this order (see selectTier).
 * 3. Percentage lines: the exact commission Σ(base × rate) is rounded ONCE for the whole order, half-even, then
 *    shared across those lines with allocate() in proportion to each line's exact amount. So a 10% program on a
 *    $10.05 order pays round(1.005) = $1.00 however many lines it has, and every line still carries its own share
 *    for refunds.
 * 4. Flat-per-order rule: the flat amount is shared (allocate, pro rata to base) by the lines that fall to it; it
 *    is earned only if those lines have a positive base, so a fully discounted order pays nothing.
 * 5. New-customers-only: a returning customer earns zero (with the reason); unknown history counts as new.
 * 6. Cap per order: if the total exceeds the cap, the cap is shared across lines pro rata to their commission, so
 *    refunds reverse the capped amounts proportionally.
 */
export function evaluateCommission(input: CommissionInput): CommissionDerivation {
  const { order, program, creator } = input;
  const currency = order.shopCurrency;
  checkProgram(program, creator, currency);

  const { lines: bases, adjustments } = computeLineBases(order);
  const orderLevel = resolveOrderLevelRule(program, creator);
  adjustments.push(...orderLevel.adjustments);

  const rules = bases.map((base, index): LineRule | null => {
    const lineItem = order.lineItems[index];
    if (base.excludedReason !== null || lineItem === undefined) return null;
    return resolveLineRule(lineItem, program, orderLevel.rule);
  });

  const percentageShares = sharePercentageCommission(bases, rules);
  const flat = shareFlatCommission(bases, rules, orderLevel.flatAmount, adjustments);

  const returningCustomer = program.newCustomersOnly && (order.customerPreviousOrderCount ?? 0) > 0;
  if (returningCustomer) {
    adjustments.push({
      kind: "new_customers_only",
      description: `The program pays on new customers only, and this customer had ${order.customerPreviousOrderCount} ` +
        `earlier order${order.customerPreviousOrderCount === 1 ? "" : "s"}: commission is zero.`,
    });
  } else if (program.newCustomersOnly && order.customerPreviousOrderCount === null) {
    adjustments.push({
      kind: "customer_history_unknown",
      description: "The program pays on new customers only; this customer's order history is unknown (guest checkout), so they count as new.",
    });
  }

  const beforeCap = bases.map((_, index) =>
    returningCustomer ? 0n : (percentageShares[index] ?? 0n) + (flat.shares[index] ?? 0n),
  );
  const totalBeforeCap = beforeCap.reduce((sum, amount) => sum + amount, 0n);
  const capApplied = program.capPerOrder !== null && totalBeforeCap > program.capPerOrder.amountMinor;
  const afterCap = capApplied && program.capPerOrder !== null ? allocate(program.capPerOrder.amountMinor, beforeCap) : beforeCap;
  if (capApplied && program.capPerOrder !== null) {
    adjustments.push({
      kind: "cap",
      description: `Capped at ${formatMoney(program.capPerOrder)} per order (was ${formatMoney(buildMoney(totalBeforeCap, currency))}); ` +
        `the cap is shared across lines in proportion to their commission.`,
    });
  }

  const lines: LineDerivation[] = bases.map((base, index) => ({
    ...base,
    rule: rules[index] ?? null,
    commissionBeforeCap: buildMoney(beforeCap[index] ?? 0n, currency),
    commission: buildMoney(afterCap[index] ?? 0n, currency),
  }));
  const commission = buildMoney(afterCap.reduce((sum, amount) => sum + amount, 0n), currency);

  return {
    ruleVersionId: program.ruleVersionId,
    orderId: order.orderId,
    creatorId: creator.creatorId,
    currency,
    commission,
    commissionBeforeCap: buildMoney(totalBeforeCap, currency),
    base: {
      shop: buildMoney(bases.reduce((sum, line) => sum + line.base.shop.amountMinor, 0n), currency),
      presentment: buildMoney(bases.reduce((sum, line) => sum + line.base.presentment.amountMinor, 0n), order.presentmentCurrency),
    },
    lines,
    tier: orderLevel.tier,
    flatPerOrder: orderLevel.flatAmount === null ? null : { amount: orderLevel.flatAmount, earned: flat.earned && !returningCustomer },
    cap: program.capPerOrder === null ? null : { limit: program.capPerOrder, applied: capApplied },
    adjustments,
    explanation: explainDerivation(lines, rules.filter((rule) => rule?.kind === "percentage").length, adjustments, commission, program.ruleVersionId),
  };
}

/** Exact Σ(base × rate) over percentage lines, rounded once (half-even), then shared pro rata to exact amounts. */
function sharePercentageCommission(bases: readonly LineBase[], rules: readonly (LineRule | null)[]): bigint[] {
  const rates = rules.map((rule) => (rule?.kind === "percentage" ? rule.rate : null));
  const commonDenominator = rates.reduce((lcm, rate) => (rate === null ? lcm : findLeastCommonMultiple(lcm, rate.denominator)), 1n);
  const weights = bases.map((base, index) => {
    const rate = rates[index] ?? null;
    return rate === null ? 0n : base.base.shop.amountMinor * rate.numerator * (commonDenominator / rate.denominator);
  });
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0n);
  if (weightSum === 0n) return weights.map(() => 0n);
  return allocate(divideHalfEven(weightSum, commonDenominator), weights);
}

function shareFlatCommission(
  bases: readonly LineBase[],
  rules: readonly (LineRule | null)[],
  flatAmount: Money | null,
  adjustments: CommissionAdjustment[],
): { shares: bigint[]; earned: boolean } {
  const none = { shares: bases.map(() => 0n), earned: false };
  if (flatAmount === null) return none;
  const ratios = bases.map((base, index) => (rules[index]?.kind === "flat_per_order" ? base.base.shop.amountMinor : 0n));
  if (ratios.every((ratio) => ratio === 0n)) {
    adjustments.push({
      kind: "flat_not_earned",
      description: `The flat ${formatMoney(flatAmount)} per order is not earned: no line it covers has a commissionable amount ` +
        `(they are fully discounted, excluded, or have their own product or collection rate).`,
    });
    return none;
  }
  return { shares: allocate(flatAmount.amountMinor, ratios), earned: true };
}

function resolveOrderLevelRule(
  program: CommissionProgram,
  creator: CommissionCreatorTerms,
): { rule: OrderLevelRule | null; flatAmount: Money | null; tier: CommissionDerivation["tier"]; adjustments: CommissionAdjustment[] } {
  const source = creator.override === null ? "program_default" : "creator_override";
  const rule: RateRule = creator.override ?? program.defaultRule;
  const sourceLabel = source === "creator_override" ? "creator override" : "program default";
  switch (rule.kind) {
    case "percentage":
      return {
        rule: { source, sourceId: null, kind: "percentage", rate: rule.rate, label: `${formatRate(rule.rate)} (${sourceLabel})` },
        flatAmount: null, tier: null, adjustments: [],
      };
    case "flat_per_order":
      return {
        rule: { source, sourceId: null, kind: "flat_per_order", rate: null, label: describeFlatRule(rule.amount, source) },
        flatAmount: rule.amount, tier: null, adjustments: [],
      };
    case "tiered": {
      const revenue = creator.attributedRevenueBeforeOrder;
      const tier = selectTier(rule.tiers, revenue);
      if (tier === null) {
        return {
          rule: null, flatAmount: null, tier: null,
          adjustments: [{
            kind: "no_tier",
            description: `No tier applies: the creator's revenue before this order (${formatMoney(revenue)}) is below every tier minimum.`,
          }],
        };
      }
      return {
        rule: {
          source, sourceId: null, kind: "percentage", rate: tier.rate,
          label: `${formatRate(tier.rate)} (${sourceLabel}, tier from ${formatMoney(tier.minimumRevenue)}; revenue before this order ${formatMoney(revenue)})`,
        },
        flatAmount: null,
        tier: { minimumRevenue: tier.minimumRevenue, rate: tier.rate, revenueBeforeOrder: revenue },
        adjustments: [],
      };
    }
  }
}

function checkProgram(program: CommissionProgram, creator: CommissionCreatorTerms, currency: string): void {
  const checkMoney = (amount: Money, what: string) => {
    if (amount.currency !== currency) {
      throw new RangeError(`${what} is in ${amount.currency}, but the shop's currency is ${currency} (rule version ${program.ruleVersionId}).`);
    }
    if (amount.amountMinor < 0n) throw new RangeError(`${what} cannot be negative (rule version ${program.ruleVersionId}).`);
  };
  const checkRate = (rate: Rate, what: string) => {
    if (rate.numerator < 0n || rate.denominator <= 0n || rate.numerator > rate.denominator) {
      throw new RangeError(`${what} must be between 0% and 100%, got ${rate.numerator}/${rate.denominator} (rule version ${program.ruleVersionId}).`);
    }
  };
  const checkRule = (rule: RateRule, what: string) => {
    if (rule.kind === "percentage") checkRate(rule.rate, `${what} rate`);
    if (rule.kind === "flat_per_order") checkMoney(rule.amount, `${what} flat amount`);
    if (rule.kind === "tiered") {
      rule.tiers.forEach((tier, index) => {
        checkRate(tier.rate, `${what} tier ${index + 1} rate`);
        checkMoney(tier.minimumRevenue, `${what} tier ${index + 1} minimum`);
      });
    }
  };
  checkRule(program.defaultRule, "The program default");
  if (creator.override !== null) checkRule(creator.override, `Creator ${creator.creatorId}'s override`);
  program.productRates.forEach((entry) => checkRate(entry.rate, `Product ${entry.productId}'s rate`));
  program.collectionRates.forEach((entry) => checkRate(entry.rate, `Collection ${entry.collectionId}'s rate`));
  if (program.capPerOrder !== null) checkMoney(program.capPerOrder, "The cap per order");
  if (creator.attributedRevenueBeforeOrder.currency !== currency) {
    throw new RangeError(`Creator ${creator.creatorId}'s attributed revenue is in ${creator.attributedRevenueBeforeOrder.currency}, but the shop's currency is ${currency}.`);
  }
}

function explainDerivation(
  lines: readonly LineDerivation[],
  percentageLineCount: number,
  adjustments: readonly CommissionAdjustment[],
  commission: Money,
  ruleVersionId: string,
): string[] {
  const sentences = lines.map((line) => {
    if (line.excludedReason !== null) return `Line ${line.lineItemId}: excluded (${line.excludedReason}).`;
    const parts = [`Line ${line.lineItemId}: ${line.quantity} × unit = ${formatMoney(line.subtotal.shop)}`];
    if (line.lineDiscount.shop.amountMinor !== 0n) parts.push(` − line discounts ${formatMoney(line.lineDiscount.shop)}`);
    if (line.includedTax.shop.amountMinor !== 0n) parts.push(` − included tax ${formatMoney(line.includedTax.shop)}`);
    if (line.orderDiscountShare.shop.amountMinor !== 0n) parts.push(` − order discount share ${formatMoney(line.orderDiscountShare.shop)}`);
    parts.push(` = base ${formatMoney(line.base.shop)}`);
    if (line.base.presentment.currency !== line.base.shop.currency) parts.push(` (${formatMoney(line.base.presentment)} as paid)`);
    parts.push(line.rule === null ? "; no rate applies → " : `; ${line.rule.label} → `);
    parts.push(`${formatMoney(line.commissionBeforeCap)}.`);
    return parts.join("");
  });
  if (percentageLineCount > 1) {
    sentences.push("Percentage commission is rounded once for the whole order (half-even) and shared across lines in proportion to their exact amounts.");
  }
  sentences.push(...adjustments.map((adjustment) => adjustment.description));
  sentences.push(`Commission: ${formatMoney(commission)} (rule version ${ruleVersionId}). Tax, shipping and tips are never commissionable.`);
  return sentences;
}

function findLeastCommonMultiple(left: bigint, right: bigint): bigint {
  let a = left;
  let b = right;
  while (b !== 0n) [a, b] = [b, a % b];
  return (left / a) * right;
}

function buildMoney(amountMinor: bigint, currency: string): Money {
  return { amountMinor, currency };
}
