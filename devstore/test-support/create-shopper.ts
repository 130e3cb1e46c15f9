/**
 * A shopper's browser for storefront tests: requests to the devstore's storefront host (http://127.0.0.1 by
 * default) with a cookie jar that keeps what the storefront sets, as a browser would (no redirects followed).
 */
export interface Shopper {
  cookies: Map<string, string>;
  request(pathname: string, init?: RequestInit): Promise<Response>;
  /** POST a form (application/x-www-form-urlencoded). */
  submit(pathname: string, fields: Record<string, string>): Promise<Response>;
  /** POST JSON, as the Ajax Cart API's callers do. */
  postJson(pathname: string, body: unknown): Promise<Response>;
}

export function createShopper(fetch: (request: Request) => Response | Promise<Response>, origin = "http://127.0.0.1"): Shopper {
  const cookies = new Map<string, string>();
  const shopper: Shopper = {
    cookies,
    async request(pathname, init = {}) {
      const headers = new Headers(init.headers);
      if (cookies.size > 0) headers.set("cookie", [...cookies].map(([name, value]) => `${name}=${value}`).join("; "));
      const response = await fetch(new Request(`${origin}${pathname}`, { ...init, headers, redirect: "manual" }));
      for (const line of response.headers.getSetCookie()) {
        const [pair = ""] = line.split(";");
        const index = pair.indexOf("=");
        const name = pair.slice(0, index).trim();
        const value = pair.slice(index + 1);
        if (/max-age=0\b/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
        else cookies.set(name, value);
      }
      return response;
    },
    submit: (pathname, fields) =>
      shopper.request(pathname, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: new URLSearchParams(fields).toString() }),
    postJson: (pathname, body) => shopper.request(pathname, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }),
  };
  return shopper;
}
