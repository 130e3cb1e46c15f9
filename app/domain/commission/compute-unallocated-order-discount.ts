import { createMoney, subtractMoney, sumMoney, type Money } from "../money";
import type { MoneyPair } from "./commission-types";

/**
 * Shopify normally spreads an order-level discount onto line (and shipping) discount allocations already; only
 * what it did not spread (total discounts − Σ allocations, never below zero) is left for Affable to allocate over
 * the lines. Shop and presentment money are computed separately, each in its own currency.
 */
export function computeUnallocatedOrderDiscount(
  totalDiscount: MoneyPair | null,
  allocations: readonly MoneyPair[],
  currencies: { readonly shop: string; readonly presentment: string },
): MoneyPair {
  const side = (key: "shop" | "presentment"): Money => {
    const total = totalDiscount?.[key] ?? createMoney(0n, currencies[key]);
    const rest = subtractMoney(total, sumMoney(allocations.map((pair) => pair[key]), currencies[key]));
    return rest.amountMinor < 0n ? createMoney(0n, currencies[key]) : rest;
  };
  return { shop: side("shop"), presentment: side("presentment") };
}
