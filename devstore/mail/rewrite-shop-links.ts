/**
 * Links in caught mail that point at the shop (https://{shop}.myshopify.com/…, or its primary domain) cannot be opened
 * here: those hosts are Shopify's. The mail viewer points them at the local storefront instead, so a demo user can
 * follow, say, a creator portal sign-in link from the mailbox. Nothing else in a message changes.
 */
export function pointShopLinksAtLocalStorefront(body: string, shopHosts: readonly string[], storefrontOrigin: string): string {
  const origin = storefrontOrigin.replace(/\/+$/, "");
  let result = body;
  for (const host of new Set(shopHosts.filter((candidate) => candidate !== ""))) {
    const escaped = host.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    result = result.replace(new RegExp(`https?://${escaped}(?=[/?#"'<>\\s]|$)`, "gi"), origin);
  }
  return result;
}

/** The distinct http(s) links in a plain-text body, in order. */
export function listLinks(text: string): string[] {
  return [...new Set(text.match(/https?:\/\/[^\s<>"']+/g) ?? [])];
}
