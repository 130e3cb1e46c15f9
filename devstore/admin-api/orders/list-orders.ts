/** Filters and sorts orders for the `orders` connection (and `Customer.orders`), with Shopify's search fields. */
import { z } from "zod";
import type { DevstoreStateView } from "../../state/state-schema.ts";
import { summarizeOrder, type OrderView } from "../../orders/summarize-order.ts";
import { sortItems } from "../list-products.ts";
import { matchesSearchQuery, type SearchDefinition } from "../match-search-query.ts";
import type { PageableItem } from "../paginate-connection.ts";

export const orderSortKeySchema = z
  .enum([
    "CREATED_AT",
    "CURRENT_TOTAL_PRICE",
    "CUSTOMER_NAME",
    "DESTINATION",
    "FINANCIAL_STATUS",
    "FULFILLMENT_STATUS",
    "ID",
    "ORDER_NUMBER",
    "PO_NUMBER",
    "PROCESSED_AT",
    "RELEVANCE",
    "TOTAL_ITEMS_QUANTITY",
    "TOTAL_PRICE",
    "UPDATED_AT",
  ])
  .default("PROCESSED_AT");
export type OrderSortKey = z.infer<typeof orderSortKeySchema>;
export type OrderItem = PageableItem & { order: OrderView };

export const orderSearch: SearchDefinition<OrderView> = {
  fields: {
    id: { kind: "number", read: (order) => order.id },
    name: { kind: "text", read: (order) => [`#${order.number}`, String(order.number)] },
    customer_id: { kind: "number", read: (order) => order.customerId ?? 0 },
    email: { kind: "text", read: (order) => order.email },
    financial_status: { kind: "text", read: (order) => order.financialStatus },
    test: { kind: "text", read: (order) => String(order.test) },
    discount_code: { kind: "text", read: (order) => (order.discount ? [order.discount.code, order.discount.canonicalCode] : []) },
    status: { kind: "text", read: (order) => (order.cancelledAt === null ? "open" : "cancelled") },
    created_at: { kind: "date", read: (order) => order.createdAt },
    processed_at: { kind: "date", read: (order) => order.processedAt },
    updated_at: { kind: "date", read: (order) => order.updatedAt },
  },
  freeText: (order) => [`#${order.number}`, order.email ?? ""],
};

export function listOrders(
  state: Pick<DevstoreStateView, "orders" | "customers">,
  orders: readonly OrderView[],
  query: string | null | undefined,
  sortKey: OrderSortKey,
): OrderItem[] {
  const customerName = (order: OrderView): string => {
    const customer = state.customers.find((candidate) => candidate.id === order.customerId);
    return customer ? `${customer.firstName} ${customer.lastName}`.toLowerCase() : "";
  };
  const sortValue = (order: OrderView): string | number => {
    switch (sortKey) {
      case "CREATED_AT":
        return order.createdAt;
      case "PROCESSED_AT":
        return order.processedAt;
      case "UPDATED_AT":
        return order.updatedAt;
      case "ORDER_NUMBER":
        return order.number;
      case "TOTAL_PRICE":
        return Number(summarizeOrder(order, "shop").total);
      case "CURRENT_TOTAL_PRICE":
        return Number(summarizeOrder(order, "shop").currentTotal);
      case "TOTAL_ITEMS_QUANTITY":
        return order.lineItems.reduce((sum, line) => sum + line.quantity, 0);
      case "CUSTOMER_NAME":
        return customerName(order);
      case "FINANCIAL_STATUS":
        return order.financialStatus;
      default:
        return order.id;
    }
  };
  return sortItems(
    orders
      .filter((order) => matchesSearchQuery(query, order, orderSearch))
      .map((order) => ({ id: order.id, sortValue: sortValue(order), order })),
  );
}
