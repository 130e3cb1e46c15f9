/**
 * Finding a Shopify customer by email and creating one (read_customers / write_customers): how a creator paid in
 * store credit or gift cards gets the customer record Shopify keeps those on.
 */
import { runAdminQuery, ShopifyAdminError, type AdminGraphqlClient } from "./admin-client.server";

const FIND_CUSTOMER_BY_EMAIL = `#graphql
  query AffableFindCustomerByEmail($query: String!) {
    customers(first: 5, query: $query) {
      nodes { id defaultEmailAddress { emailAddress } }
    }
  }
`;

const CREATE_CUSTOMER = `#graphql
  mutation AffableCreateCustomer($input: CustomerInput!) {
    customerCreate(input: $input) {
      customer { id }
      userErrors { field message }
    }
  }
`;

type FindData = { customers: { nodes: { id: string; defaultEmailAddress: { emailAddress: string | null } | null }[] } };
type CreateData = { customerCreate: { customer: { id: string } | null; userErrors: { field: string[] | null; message: string }[] } | null };

/** The customer whose email is exactly this one (case-insensitively), or null. */
export async function findCustomerByEmail(admin: AdminGraphqlClient, email: string): Promise<string | null> {
  // Quoted so an address with a "+" or dots is searched as one value.
  const data = await runAdminQuery<FindData>(admin, "looking up the creator's customer record", FIND_CUSTOMER_BY_EMAIL, { query: `email:"${email.replace(/"/g, "")}"` });
  const match = data.customers.nodes.find((node) => node.defaultEmailAddress?.emailAddress?.toLowerCase() === email.toLowerCase());
  return match?.id ?? null;
}

export type CreateCustomerResult = { ok: true; customerId: string } | { ok: false; taken: boolean; message: string };

export async function createCustomer(admin: AdminGraphqlClient, input: { email: string; firstName: string; lastName: string; note: string }): Promise<CreateCustomerResult> {
  const data = await runAdminQuery<CreateData>(admin, "creating the creator's customer record", CREATE_CUSTOMER, { input: { ...input, tags: ["affable-creator"] } });
  const payload = data.customerCreate;
  if (!payload) throw new ShopifyAdminError("Shopify answered customerCreate with nothing.");
  if (payload.customer) return { ok: true, customerId: payload.customer.id };
  const message = payload.userErrors.map((error) => error.message).join("; ");
  return { ok: false, taken: /taken/i.test(message), message };
}
