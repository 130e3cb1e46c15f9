import { runAdminQuery, type AdminGraphqlClient } from "./admin-client.server";

export const SHOP_QUERY = `#graphql
  query AffableShop {
    shop {
      name
      currencyCode
      ianaTimezone
      myshopifyDomain
      primaryDomain {
        host
      }
    }
  }
`;

export interface ShopDetails {
  name: string;
  currencyCode: string;
  ianaTimezone: string;
  myshopifyDomain: string;
  primaryDomain: { host: string } | null;
}

export async function fetchShopDetails(admin: AdminGraphqlClient): Promise<ShopDetails> {
  const data = await runAdminQuery<{ shop: ShopDetails }>(admin, "the shop details query", SHOP_QUERY);
  return data.shop;
}
