/**
 * The Shopify customer a creator is paid to (store credit and gift cards live on customers): the one already linked
 * (Creator.shopifyCustomerId), else the customer with the creator's email, else a new customer. The link is saved
 * before any money moves, scoped by shop. Two payouts racing to create the same customer: Shopify refuses the second
 * ("email has already been taken"), which then finds the first.
 */
import type { Database } from "../../../db.server";
import type { AdminGraphqlClient } from "../../../shopify/admin-client.server";
import { createCustomer, findCustomerByEmail } from "../../../shopify/customers.server";

export class CreatorCustomerError extends Error {}

export type CreatorCustomer = { customerId: string; created: boolean; creator: { id: string; name: string; email: string } };

export async function findOrCreateCreatorCustomer(db: Database, admin: AdminGraphqlClient, shop: string, creatorId: string): Promise<CreatorCustomer> {
  const creator = await db.creator.findFirst({ where: { shop, id: creatorId }, select: { id: true, name: true, email: true, shopifyCustomerId: true } });
  if (!creator) throw new CreatorCustomerError(`Creator ${creatorId} does not exist in ${shop}.`);
  const summary = { id: creator.id, name: creator.name, email: creator.email };
  if (creator.shopifyCustomerId) return { customerId: creator.shopifyCustomerId, created: false, creator: summary };

  let customerId = await findCustomerByEmail(admin, creator.email);
  let created = false;
  if (!customerId) {
    const [firstName = "", ...rest] = creator.name.trim().split(/\s+/);
    const result = await createCustomer(admin, {
      email: creator.email,
      firstName,
      lastName: rest.join(" "),
      note: "Affable creator: store credit and gift card payouts are paid to this customer.",
    });
    if (result.ok) {
      customerId = result.customerId;
      created = true;
    } else if (result.taken) {
      customerId = await findCustomerByEmail(admin, creator.email);
    }
    if (!customerId) {
      throw new CreatorCustomerError(`Shopify would not create a customer for ${creator.name} (${creator.email}): ${result.ok ? "unknown reason" : result.message}. Fix the creator's email, or link them to an existing customer.`);
    }
  }
  // Only fill an empty link: a link set meanwhile (portal sign-in, another payout) is kept.
  await db.creator.updateMany({ where: { shop, id: creator.id, shopifyCustomerId: null }, data: { shopifyCustomerId: customerId } });
  const linked = await db.creator.findFirst({ where: { shop, id: creator.id }, select: { shopifyCustomerId: true } });
  return { customerId: linked?.shopifyCustomerId ?? customerId, created, creator: summary };
}
