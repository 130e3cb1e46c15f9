import { runAdminQuery, type AdminGraphqlClient } from "./admin-client.server";

export const STOREFRONT_DOMAIN_QUERY = `#graphql
  query AffableStorefrontDomain {
    shop {
      myshopifyDomain
      primaryDomain { host }
    }
  }
`;

/** The host shoppers see (the primary domain, e.g. shop.example.com), and the myshopify host that always works. */
export async function fetchStorefrontHosts(admin: AdminGraphqlClient): Promise<{ primaryHost: string; myshopifyHost: string }> {
  const data = await runAdminQuery<{ shop: { myshopifyDomain: string; primaryDomain: { host: string } | null } }>(
    admin,
    "the storefront domain query",
    STOREFRONT_DOMAIN_QUERY,
  );
  return { primaryHost: data.shop.primaryDomain?.host ?? data.shop.myshopifyDomain, myshopifyHost: data.shop.myshopifyDomain };
}
