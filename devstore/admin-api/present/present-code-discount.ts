/** Shopify's `DiscountCodeNode` around a `DiscountCodeBasic`. */
import { toGid } from "../../state/shopify-gid.ts";
import type { AdminApiContext, DiscountView, FieldArgs } from "../admin-api-context.ts";
import { toShopifyDecimal } from "../decimal-strings.ts";
import { deriveDiscountStatus } from "../discounts/discount-status.ts";
import { describeDiscountValue } from "../discounts/describe-discount-value.ts";
import { connectionArgsSchema, paginateConnection } from "../paginate-connection.ts";

export function presentCodeDiscountNode(discount: DiscountView, context: Pick<AdminApiContext, "state" | "now">) {
  return {
    __typename: "DiscountCodeNode" as const,
    id: toGid("DiscountCodeNode", discount.id),
    codeDiscount: presentDiscountCodeBasic(discount, context),
  };
}

function presentDiscountCodeBasic(discount: DiscountView, context: Pick<AdminApiContext, "state" | "now">) {
  const currencyCode = context.state.shop.currencyCode;
  const value = discount.value;
  return {
    __typename: "DiscountCodeBasic" as const,
    title: discount.title,
    status: deriveDiscountStatus(discount, context.now),
    summary: summarize(discount, currencyCode),
    startsAt: discount.startsAt,
    endsAt: discount.endsAt,
    createdAt: discount.createdAt,
    updatedAt: discount.updatedAt,
    usageLimit: discount.usageLimit,
    appliesOncePerCustomer: discount.appliesOncePerCustomer,
    asyncUsageCount: discount.asyncUsageCount,
    codes: (args: FieldArgs) =>
      paginateConnection(
        discount.codes.map((code) => ({ id: code.id, sortValue: code.id, code })),
        connectionArgsSchema.parse(args),
        (item) => ({ id: toGid("DiscountRedeemCode", item.code.id), code: item.code.code, asyncUsageCount: item.code.asyncUsageCount }),
      ),
    codesCount: { count: discount.codes.length, precision: "EXACT" as const },
    customerGets: {
      value:
        value.kind === "percentage"
          ? { __typename: "DiscountPercentage" as const, percentage: value.percentage }
          : {
              __typename: "DiscountAmount" as const,
              amount: { amount: toShopifyDecimal(value.amount), currencyCode },
              appliesOnEachItem: value.appliesOnEachItem,
            },
      items: { __typename: "AllDiscountItems" as const, allItems: true },
      appliesOnOneTimePurchase: true,
      appliesOnSubscription: false,
    },
    context: { __typename: "DiscountBuyerSelectionAll" as const, all: "ALL" as const },
    customerSelection: { __typename: "DiscountCustomerAll" as const, allCustomers: true },
    combinesWith: discount.combinesWith,
    discountClass: "ORDER" as const,
    discountClasses: ["ORDER" as const],
  };
}

function summarize(discount: DiscountView, currencyCode: string): string {
  const parts = [`${describeDiscountValue(discount.value, currencyCode)} off entire order`];
  if (discount.appliesOncePerCustomer) parts.push("One use per customer");
  if (discount.usageLimit !== null) parts.push(`Limit of ${discount.usageLimit} uses`);
  return parts.join(" • ");
}
