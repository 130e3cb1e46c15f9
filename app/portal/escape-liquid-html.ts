/**
 * Escapes text for a page Shopify renders as Liquid (an app proxy `application/liquid` response). HTML escaping is
 * not enough there: a creator named "{{ shop.metafields… }}" would be evaluated by the storefront's Liquid engine,
 * so braces are escaped too (the browser shows them, Liquid never sees a tag).
 */
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "{": "&#123;", "}": "&#125;", "%": "&#37;" };

export function escapeLiquidHtml(value: string | number): string {
  return String(value).replace(/[&<>"'{}%]/g, (char) => ENTITIES[char] ?? char);
}
