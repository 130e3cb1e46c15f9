/** A customer's email from Admin GraphQL (read_customers), for linking a signed-in customer to their creator record. */
import { runAdminQuery, type AdminGraphqlClient } from "./admin-client.server";

const CUSTOMER_EMAIL_QUERY = `#graphql
  query AffableCustomerEmail($id: ID!) {
    customer(id: $id) {
      id
      defaultEmailAddress { emailAddress }
    }
  }
`;

interface CustomerEmailData {
  customer: { id: string; defaultEmailAddress: { emailAddress: string | null } | null } | null;
}

export async function readCustomerEmail(admin: AdminGraphqlClient, customerGid: string): Promise<string | null> {
  const data = await runAdminQuery<CustomerEmailData>(admin, "reading the signed-in customer's email", CUSTOMER_EMAIL_QUERY, { id: customerGid });
  return data.customer?.defaultEmailAddress?.emailAddress ?? null;
}
