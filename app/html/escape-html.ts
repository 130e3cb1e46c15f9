/**
 * The app's one HTML escaper, for every page and email it writes as a string (portal pages, emails, the API
 * reference). It escapes the five HTML characters and also `{`, `}` and `%`: app proxy pages are rendered by Shopify as
 * Liquid, where a creator named "{{ shop.metafields… }}" would otherwise be evaluated. Browsers show the entities as
 * the characters, so the extra escaping is harmless elsewhere.
 */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "{": "&#123;", "}": "&#125;", "%": "&#37;" };

export function escapeHtml(value: string | number): string {
  return String(value).replace(/[&<>"'{}%]/g, (char) => ENTITIES[char] ?? char);
}
