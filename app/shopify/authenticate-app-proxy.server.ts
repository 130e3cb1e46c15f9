/**
 * The one door every app proxy route goes through: Shopify's signature checked by the library
 * (authenticate.public.appProxy refuses a bad or stale one with 400), after refusing repeated query parameters.
 *
 * Why the extra check: the proxy signature signs a repeated key as its values joined with "," (`a=1&a=2` signs as
 * `a=1,2`), so a URL with `logged_in_customer_id=1001&logged_in_customer_id=2002` can carry a valid signature for
 * "1001,2002" while `searchParams.get()` reads "1001". Shopify never sends a parameter twice, so any repeat is
 * refused before the library or the app reads a single value.
 */
import { authenticate } from "../shopify.server";

export type AppProxyContext = Awaited<ReturnType<typeof authenticate.public.appProxy>>;

/** The first query parameter that appears more than once, or null. */
export function findRepeatedQueryParameter(url: URL): string | null {
  const seen = new Set<string>();
  for (const key of url.searchParams.keys()) {
    if (seen.has(key)) return key;
    seen.add(key);
  }
  return null;
}

export async function authenticateAppProxy(request: Request): Promise<AppProxyContext> {
  const repeated = findRepeatedQueryParameter(new URL(request.url));
  if (repeated !== null) {
    throw new Response(`Bad request: the query parameter "${repeated}" appears more than once; each parameter may appear once.`, {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  return authenticate.public.appProxy(request);
}
