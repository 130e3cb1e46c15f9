/**
 * Which Admin API version answers a request. Shopify releases a version each quarter (YYYY-01/04/07/10), supports
 * each for at least twelve months, and offers the next one as a release candidate. A request for a version past
 * support is not refused: Shopify "falls forward" to the oldest supported version and says so in the
 * `X-Shopify-API-Version` response header. A version that never existed (or is not out yet) is a 404.
 */
const QUARTER_MONTHS = [1, 4, 7, 10];
const SUPPORTED_QUARTERS = 5;

export type ApiVersionResolution = { served: string } | { unknown: true };

export function resolveApiVersion(requested: string, current: string): ApiVersionResolution {
  if (requested === "unstable") return { served: "unstable" };
  const requestedIndex = quarterIndex(requested);
  const currentIndex = quarterIndex(current);
  if (currentIndex === null) throw new Error(`The devstore's API_VERSION "${current}" is not a quarterly version such as 2026-10.`);
  if (requestedIndex === null || requestedIndex > currentIndex + 1) return { unknown: true };
  const oldestIndex = currentIndex - (SUPPORTED_QUARTERS - 1);
  return { served: requestedIndex < oldestIndex ? versionFromIndex(oldestIndex) : requested };
}

function quarterIndex(version: string): number | null {
  const match = /^(\d{4})-(\d{2})$/.exec(version);
  if (!match?.[1] || !match[2]) return null;
  const quarter = QUARTER_MONTHS.indexOf(Number(match[2]));
  return quarter === -1 ? null : Number(match[1]) * 4 + quarter;
}

function versionFromIndex(index: number): string {
  const year = Math.floor(index / 4);
  const month = QUARTER_MONTHS[index % 4] ?? 1;
  return `${year}-${String(month).padStart(2, "0")}`;
}
