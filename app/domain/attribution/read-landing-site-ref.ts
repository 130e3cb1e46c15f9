/** The query parameter creators' links carry: https://shop.example/products/x?ref=alice */
export const REFERRAL_QUERY_PARAMETER = "ref";

/**
 * Extracts `?ref=` from an order's landing_site. Shopify gives a path with query ("/products/x?ref=alice") or,
 * for some channels, a full URL; both are read against a placeholder origin. Returns null when absent, blank or
 * unparseable (a malformed landing_site must not break order processing).
 */
export function readLandingSiteRef(landingSite: string | null): string | null {
  if (landingSite === null || landingSite.trim() === "") return null;
  let url: URL;
  try {
    url = new URL(landingSite.trim(), "https://landing-site.invalid");
  } catch {
    return null;
  }
  const ref = url.searchParams.get(REFERRAL_QUERY_PARAMETER);
  return ref === null || ref.trim() === "" ? null : ref.trim();
}
