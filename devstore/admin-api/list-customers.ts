/** Filters and sorts customers for the `customers` connection. */
import { z } from "zod";
import type { CustomerView } from "./admin-api-context.ts";
import { sortItems } from "./list-products.ts";
import { matchesSearchQuery, type SearchDefinition } from "./match-search-query.ts";
import type { PageableItem } from "./paginate-connection.ts";

export const customerSortKeySchema = z.enum(["CREATED_AT", "ID", "NAME", "RELEVANCE", "UPDATED_AT"]).default("ID");
export type CustomerSortKey = z.infer<typeof customerSortKeySchema>;
export type CustomerItem = PageableItem & { customer: CustomerView };

export const customerSearch: SearchDefinition<CustomerView> = {
  fields: {
    id: { kind: "number", read: (customer) => customer.id },
    email: { kind: "text", read: (customer) => customer.email },
    first_name: { kind: "text", read: (customer) => customer.firstName },
    last_name: { kind: "text", read: (customer) => customer.lastName },
    phone: { kind: "text", read: (customer) => customer.phone },
    state: { kind: "text", read: (customer) => customer.state },
    tag: { kind: "text", read: (customer) => customer.tags },
    orders_count: { kind: "number", read: (customer) => customer.numberOfOrders },
    amount_spent: { kind: "number", read: (customer) => Number(customer.amountSpent) },
    created_at: { kind: "date", read: (customer) => customer.createdAt },
    updated_at: { kind: "date", read: (customer) => customer.updatedAt },
  },
  freeText: (customer) => [customer.firstName, customer.lastName, `${customer.firstName} ${customer.lastName}`, customer.email, customer.phone ?? ""],
};

export function listCustomers(customers: readonly CustomerView[], query: string | null | undefined, sortKey: CustomerSortKey): CustomerItem[] {
  const sortValue = (customer: CustomerView): string | number => {
    switch (sortKey) {
      case "NAME":
        return `${customer.firstName} ${customer.lastName}`.toLowerCase();
      case "CREATED_AT":
        return customer.createdAt;
      case "UPDATED_AT":
        return customer.updatedAt;
      case "ID":
      case "RELEVANCE":
        return customer.id;
    }
  };
  return sortItems(
    customers
      .filter((customer) => matchesSearchQuery(query, customer, customerSearch))
      .map((customer) => ({ id: customer.id, sortValue: sortValue(customer), customer })),
  );
}
