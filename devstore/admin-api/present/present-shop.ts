/** Shopify's `Shop` and `AppInstallation`: readable with any token, no scope needed. */
import { toGid } from "../../state/shopify-gid.ts";
import type { AdminApiContext } from "../admin-api-context.ts";

export function presentShop(context: AdminApiContext) {
  const shop = context.state.shop;
  return {
    __typename: "Shop" as const,
    id: toGid("Shop", shop.id),
    name: shop.name,
    email: shop.email,
    contactEmail: shop.contactEmail,
    myshopifyDomain: shop.myshopifyDomain,
    url: shop.primaryDomain.url,
    currencyCode: shop.currencyCode,
    enabledPresentmentCurrencies: [shop.currencyCode],
    ianaTimezone: shop.ianaTimezone,
    timezoneAbbreviation: shop.timezoneAbbreviation,
    weightUnit: shop.weightUnit,
    primaryDomain: { ...shop.primaryDomain, __typename: "Domain" as const, id: toGid("Domain", shop.primaryDomain.id) },
    plan: shop.plan,
    billingAddress: { ...shop.billingAddress, id: `gid://shopify/ShopAddress/${shop.id}` },
    createdAt: shop.createdAt,
  };
}

export function presentAppInstallation(context: AdminApiContext) {
  return {
    __typename: "AppInstallation" as const,
    id: `gid://shopify/AppInstallation/${context.installation.id}`,
    accessScopes: context.installation.scopes.map((handle) => ({ handle, description: describeScope(handle) })),
  };
}

function describeScope(handle: string): string {
  const [access = "", ...resource] = handle.split("_");
  const verb = access === "write" ? "Modify" : "Read";
  return `${verb} ${resource.join(" ")}`;
}
