/** Shopify's `Customer`. */
import { toGid } from "../../state/shopify-gid.ts";
import type { AdminApiContext, CustomerView } from "../admin-api-context.ts";
import { toShopifyDecimal } from "../decimal-strings.ts";

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
    numberOfOrders: customer.numberOfOrders,
    amountSpent: { amount: toShopifyDecimal(customer.amountSpent), currencyCode: context.state.shop.currencyCode },
    createdAt: customer.createdAt,
    updatedAt: customer.updatedAt,
  };
}
