/**
 * Shopify's deep link into the theme editor with the App embeds panel open and our embed selected:
 * https://{shop}/admin/themes/current/editor?context=apps&activateAppId={api_key}/{embed handle}.
 * Built by hand (not URLSearchParams) because Shopify expects the "/" in activateAppId unencoded.
 */
export function buildThemeEditorUrl(shop: string, apiKey: string, embedHandle: string): string {
  return `https://${shop}/admin/themes/current/editor?context=apps&activateAppId=${encodeURIComponent(apiKey)}/${encodeURIComponent(embedHandle)}`;
}
