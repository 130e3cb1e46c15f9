/**
 * What every storefront route knows about the request (Hono variables): the locale root the shopper browses under
 * (`/` or `/fr/`: Shopify.routes.root) and the locale itself.
 */
export const STOREFRONT_LOCALES = ["en", "fr", "de", "es"] as const;
export const PRIMARY_LOCALE = "en";
/** Set by storefrontRoutes() on the request it hands to the routes after taking a locale prefix off the path. */
export const LOCALE_HEADER = "x-devstore-storefront-locale";
/** Set by storefrontRoutes() likewise: the shopper's IP, which the app proxy forwards as X-Forwarded-For. */
export const CLIENT_ADDRESS_HEADER = "x-devstore-client-address";

export interface StorefrontEnv {
  Variables: {
    /** "/" for the primary locale, "/fr/" under a locale prefix. Always ends with "/". */
    routesRoot: string;
    locale: string;
  };
}

/** `/fr/cart.js` → { locale: "fr", path: "/cart.js" }; a path without a known prefix is the primary locale's. */
export function splitLocalePrefix(pathname: string): { locale: string; path: string } {
  const match = /^\/([a-z]{2})(\/.*)?$/.exec(pathname);
  const locale = match?.[1];
  if (!locale || locale === PRIMARY_LOCALE || !(STOREFRONT_LOCALES as readonly string[]).includes(locale)) {
    return { locale: PRIMARY_LOCALE, path: pathname };
  }
  return { locale, path: match[2] ?? "/" };
}
