/** Shopify's `Customer`. */
import { z } from "zod";
import { toGid } from "../../state/shopify-gid.ts";
import type { AdminApiContext, CustomerView, FieldArgs } from "../admin-api-context.ts";
import { toShopifyDecimal } from "../decimal-strings.ts";
import { listOrders, orderSortKeySchema } from "../orders/list-orders.ts";
import { connectionArgsSchema, paginateConnection } from "../paginate-connection.ts";
import { requireScope } from "../require-scope.ts";
import { presentOrder } from "./present-order.ts";
import { listCustomerStoreCreditAccounts } from "../store-credit/store-credit-resolvers.ts";

const ordersArgsSchema = connectionArgsSchema.extend({ sortKey: orderSortKeySchema.unwrap().default("ID"), query: z.string().nullish() });

export function presentCustomer(customer: CustomerView, context: AdminApiContext) {
  const name = `${customer.firstName} ${customer.lastName}`.trim();
  return {
    __typename: "Customer" as const,
    id: toGid("Customer", customer.id),
    legacyResourceId: customer.id,
    firstName: customer.firstName,
    lastName: customer.lastName,
    // Shopify falls back to the email when a customer has no name.
    displayName: name.length > 0 ? name : customer.email,
    email: customer.email,
    phone: customer.phone,
    defaultEmailAddress: { emailAddress: customer.email },
    defaultPhoneNumber: customer.phone ? { phoneNumber: customer.phone } : null,
    state: customer.state,
    verifiedEmail: customer.verifiedEmail,
    tags: customer.tags,
    note: customer.note,
    locale: customer.locale,
    // Counted as orders are created (create-order.ts): every devstore order of this customer, cancelled ones too.
    numberOfOrders: customer.numberOfOrders,
    amountSpent: { amount: toShopifyDecimal(customer.amountSpent), currencyCode: context.state.shop.currencyCode },
    orders: (args: FieldArgs) => {
      // Shopify guards a customer's orders with the order scope, not the customer one.
      requireScope(context, "read_orders", "orders");
      const parsed = ordersArgsSchema.parse(args);
      const mine = context.state.orders.filter((order) => order.customerId === customer.id);
      return paginateConnection(listOrders(context.state, mine, parsed.query, parsed.sortKey), parsed, (item) => presentOrder(item.order, context));
    },
    storeCreditAccounts: (args: FieldArgs) => listCustomerStoreCreditAccounts(customer.id, args, context),
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}
