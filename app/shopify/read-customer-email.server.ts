/**
 * A customer's email from Admin GraphQL (read_customers), and whether Shopify verified it, for linking a signed-in
 * customer to their creator record. Classic customer accounts let anyone register with any address without proving
 * they own it, so only a verified email may link a customer to a creator (Customer.verifiedEmail).
 */
import { runAdminQuery, type AdminGraphqlClient } from "./admin-client.server";

const CUSTOMER_EMAIL_QUERY = `#graphql
  query AffableCustomerEmail($id: ID!) {
    customer(id: $id) {
      id
      verifiedEmail
      defaultEmailAddress { emailAddress }
    }
  }
`;

interface CustomerEmailData {
  customer: { id: string; verifiedEmail: boolean; defaultEmailAddress: { emailAddress: string | null } | null } | null;
}

export interface CustomerEmail {
  email: string;
  /** Shopify's Customer.verifiedEmail: the customer proved they own the address. */
  verified: boolean;
}

export async function readCustomerEmail(admin: AdminGraphqlClient, customerGid: string): Promise<CustomerEmail | null> {
  const data = await runAdminQuery<CustomerEmailData>(admin, "reading the signed-in customer's email", CUSTOMER_EMAIL_QUERY, { id: customerGid });
  const email = data.customer?.defaultEmailAddress?.emailAddress;
  return email ? { email, verified: data.customer?.verifiedEmail === true } : null;
}
