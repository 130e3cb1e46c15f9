/**
 * Referral URLs a creator shares. Two kinds:
 * - a storefront link: https://{storefront host}{path}?ref={refToken}&utm_…, read by the theme app embed;
 * - Shopify's shareable discount link: https://{host}/discount/{CODE}?redirect={path}&ref={refToken}. Shopify applies
 *   the code to the visitor's cart, then redirects to `redirect` (a path on the same shop), keeping the other params.
 */
export interface UtmParameters {
  utmSource?: string | null;
  utmMedium?: string | null;
  utmCampaign?: string | null;
}

export type StorefrontPathResult = { ok: true; path: string } | { ok: false; message: string };

const STOREFRONT_SECTIONS = ["products", "collections", "pages", "blogs"];
const PATH_SEGMENT = /^[A-Za-z0-9._~%-]+$/;

/**
 * Accepts the home page ("/") or a path into the storefront ("/products/linen-shirt", "collections/summer/").
 * A full URL, a query string or a fragment is refused: ref and UTM parameters are added by Affable.
 */
export function normalizeStorefrontPath(input: string): StorefrontPathResult {
  const trimmed = input.trim();
  if (trimmed === "" || trimmed === "/") return { ok: true, path: "/" };
  if (/^[a-z][a-z0-9+.-]*:/i.test(trimmed) || trimmed.startsWith("//")) {
    return { ok: false, message: "Enter a path on your store, such as /products/linen-shirt, not a full web address." };
  }
  if (/[?#]/.test(trimmed)) return { ok: false, message: "Leave out ? and #: Affable adds the ref and UTM parameters itself." };
  const segments = trimmed.split("/").filter((segment) => segment !== "");
  const [section] = segments;
  if (section === undefined || !STOREFRONT_SECTIONS.includes(section) || segments.length < 2) {
    return { ok: false, message: "Use / for the home page, or a path starting with /products/, /collections/, /pages/ or /blogs/." };
  }
  if (!segments.every((segment) => PATH_SEGMENT.test(segment) && segment !== "." && segment !== "..")) {
    return { ok: false, message: "The path can only use letters, digits, \"-\", \"_\", \".\" and \"~\" between the slashes." };
  }
  return { ok: true, path: `/${segments.join("/")}` };
}

function appendUtm(params: URLSearchParams, utm: UtmParameters): void {
  if (utm.utmSource) params.set("utm_source", utm.utmSource);
  if (utm.utmMedium) params.set("utm_medium", utm.utmMedium);
  if (utm.utmCampaign) params.set("utm_campaign", utm.utmCampaign);
}

export function buildReferralUrl(input: { storefrontHost: string; path: string; refToken: string } & UtmParameters): string {
  const url = new URL(`https://${input.storefrontHost}`);
  url.pathname = input.path;
  url.searchParams.set("ref", input.refToken);
  appendUtm(url.searchParams, input);
  return url.toString();
}

export function buildShareableDiscountUrl(
  input: { storefrontHost: string; code: string; redirectPath?: string; refToken: string } & UtmParameters,
): string {
  const url = new URL(`https://${input.storefrontHost}`);
  // encodeURIComponent, not the URL parser: a code may hold characters a path segment must escape.
  url.pathname = `/discount/${encodeURIComponent(input.code)}`;
  url.searchParams.set("redirect", input.redirectPath ?? "/");
  url.searchParams.set("ref", input.refToken);
  appendUtm(url.searchParams, input);
  return url.toString();
}
