/** Filters and sorts code discounts for the `codeDiscountNodes` connection. */
import { z } from "zod";
import type { DiscountView } from "../admin-api-context.ts";
import { sortItems } from "../list-products.ts";
import { matchesSearchQuery, type SearchDefinition } from "../match-search-query.ts";
import type { PageableItem } from "../paginate-connection.ts";
import { deriveDiscountStatus } from "./discount-status.ts";

export const codeDiscountSortKeySchema = z.enum(["CREATED_AT", "ENDS_AT", "ID", "RELEVANCE", "STARTS_AT", "TITLE", "UPDATED_AT"]).default("ID");
export type CodeDiscountSortKey = z.infer<typeof codeDiscountSortKeySchema>;
export type CodeDiscountItem = PageableItem & { discount: DiscountView };

function codeDiscountSearch(now: Date): SearchDefinition<DiscountView> {
  return {
    fields: {
      id: { kind: "number", read: (discount) => discount.id },
      title: { kind: "text", read: (discount) => discount.title },
      code: { kind: "text", read: (discount) => discount.codes.map((code) => code.code) },
      status: { kind: "text", read: (discount) => deriveDiscountStatus(discount, now) },
      discount_type: { kind: "text", read: (discount) => (discount.value.kind === "percentage" ? "percentage" : "fixed_amount") },
      times_used: { kind: "number", read: (discount) => discount.asyncUsageCount },
      starts_at: { kind: "date", read: (discount) => discount.startsAt },
      ends_at: { kind: "date", read: (discount) => discount.endsAt },
      created_at: { kind: "date", read: (discount) => discount.createdAt },
      updated_at: { kind: "date", read: (discount) => discount.updatedAt },
    },
    freeText: (discount) => [discount.title, ...discount.codes.map((code) => code.code)],
  };
}

export function listCodeDiscounts(
  discounts: readonly DiscountView[],
  query: string | null | undefined,
  sortKey: CodeDiscountSortKey,
  now: Date,
): CodeDiscountItem[] {
  const search = codeDiscountSearch(now);
  const sortValue = (discount: DiscountView): string | number => {
    switch (sortKey) {
      case "TITLE":
        return discount.title.toLowerCase();
      case "CREATED_AT":
        return discount.createdAt;
      case "UPDATED_AT":
        return discount.updatedAt;
      case "STARTS_AT":
        return discount.startsAt;
      case "ENDS_AT":
        return discount.endsAt ?? "9999";
      case "ID":
      case "RELEVANCE":
        return discount.id;
    }
  };
  return sortItems(
    discounts
      .filter((discount) => matchesSearchQuery(query, discount, search))
      .map((discount) => ({ id: discount.id, sortValue: sortValue(discount), discount })),
  );
}

/** The discount holding this code, whatever its case (Shopify's code namespace ignores case). */
export function findDiscountByCode(discounts: readonly DiscountView[], code: string): DiscountView | undefined {
  const wanted = code.trim().toLowerCase();
  return discounts.find((discount) => discount.codes.some((candidate) => candidate.code.toLowerCase() === wanted));
}
