import { formatMoney, formatRate, type Money } from "../money";
import type { CommissionLineItem, CommissionProgram, LineRule } from "./commission-types";

/** The rule that applies at order level (creator override or program default, with any tier already chosen). */
export type OrderLevelRule = LineRule & { readonly source: "creator_override" | "program_default" };

/**
 * The rate for one line, most specific first: product rate > collection rate (first listed in the program wins
 * when a product is in several) > the order-level rule (creator override, else program default).
 */
export function resolveLineRule(
  line: Pick<CommissionLineItem, "productId" | "collectionIds">,
  program: Pick<CommissionProgram, "productRates" | "collectionRates">,
  orderLevelRule: OrderLevelRule | null,
): LineRule | null {
  const productRate = line.productId === null
    ? undefined
    : program.productRates.find((candidate) => candidate.productId === line.productId);
  if (productRate !== undefined) {
    return {
      source: "product", sourceId: productRate.productId, kind: "percentage", rate: productRate.rate,
      label: `${formatRate(productRate.rate)} (product ${productRate.productId} rate)`,
    };
  }
  const collectionRate = program.collectionRates.find((candidate) => line.collectionIds.includes(candidate.collectionId));
  if (collectionRate !== undefined) {
    return {
      source: "collection", sourceId: collectionRate.collectionId, kind: "percentage", rate: collectionRate.rate,
      label: `${formatRate(collectionRate.rate)} (collection ${collectionRate.collectionId} rate)`,
    };
  }
  return orderLevelRule;
}

/** Human label of an order-level flat rule, shared by the derivation text. */
export function describeFlatRule(amount: Money, source: OrderLevelRule["source"]): string {
  return `${formatMoney(amount)} flat per order (${source === "creator_override" ? "creator override" : "program default"})`;
}
