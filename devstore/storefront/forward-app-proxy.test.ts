import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createShopper } from "../test-support/create-shopper.ts";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { createTestShopifyApi } from "../test-support/create-test-shopify-api.ts";

const shopify = createTestShopifyApi();

interface Hit {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The app behind the proxy: records every request and answers by path, always trying to set a cookie. */
async function startProxyApp() {
  const hits: Hit[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      hits.push({ method: request.method ?? "", url, headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      const cookie = { "Set-Cookie": "app_session=stolen; Path=/" };
      if (url.pathname === "/proxy/portal") {
        response.writeHead(200, { ...cookie, "Content-Type": "application/liquid; charset=utf-8", "X-App": "portal" });
        response.end('<h2 id="greeting">Hello {{ customer.first_name | default: "guest" }} at {{ shop.name }} ({{ shop.permanent_domain }})</h2>');
      } else if (url.pathname === "/proxy/bare") {
        response.writeHead(200, { "Content-Type": "application/liquid" }).end("{% layout none %}<p>{{ shop.name }} only</p>");
      } else if (url.pathname === "/proxy/click") {
        response.writeHead(204, cookie).end();
      } else {
        response.writeHead(200, { ...cookie, "Content-Type": "application/json" }).end(JSON.stringify({ path: url.pathname }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const opened: { devstore: TestDevstore; app: Awaited<ReturnType<typeof startProxyApp>> }[] = [];
afterEach(async () => {
  for (const { devstore, app } of opened.splice(0)) {
    await app.close();
    devstore.cleanup();
  }
});

async function setUp() {
  const app = await startProxyApp();
  const devstore = createTestDevstore({
    storefront: { appProxy: { url: "https://affable.example.com/proxy", prefix: "apps", subpath: "affable" }, logError: () => undefined },
  });
  // As `shopify app dev` does: the proxy URL keeps its path and takes the app's (tunnel) origin.
  devstore.context.appUrl = app.url;
  opened.push({ devstore, app });
  return { devstore, app, shopper: createShopper((request) => devstore.app.fetch(request)) };
}

/** Shopify's documented rule, written independently: sorted key=value (values comma-joined), no separator, hex. */
function expectedSignature(query: URLSearchParams): string {
  const grouped: Record<string, string[]> = {};
  query.forEach((value, key) => {
    if (key !== "signature") (grouped[key] ??= []).push(value);
  });
  const message = Object.keys(grouped)
    .sort()
    .map((key) => `${key}=${(grouped[key] ?? []).join(",")}`)
    .join("");
  return createHmac("sha256", TEST_APP.apiSecret).update(message, "utf8").digest("hex");
}

describe("the app proxy", () => {
  it("signs what it forwards as Shopify does, and the Shopify library accepts it", async () => {
    const { devstore, app, shopper } = await setUp();
    const customer = devstore.context.state.read().customers[0];
    if (!customer) throw new Error("the seed has customers");
    await shopper.submit("/account/login", { email: customer.email });
    expect(shopper.cookies.has("_devstore_customer")).toBe(true);

    const response = await shopper.request("/apps/affable/data/x?tag=a&tag=b&shop=evil.myshopify.com&q=caf%C3%A9");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ path: "/proxy/data/x" });
    const hit = app.hits[0];
    if (!hit) throw new Error("the app was not called");
    const query = hit.url.searchParams;
    expect(query.get("shop")).toBe(devstore.context.shop);
    expect(query.getAll("shop")).toHaveLength(1);
    expect(query.get("logged_in_customer_id")).toBe(String(customer.id));
    expect(query.get("path_prefix")).toBe("/apps/affable");
    expect(Math.abs(Number(query.get("timestamp")) - Date.now() / 1000)).toBeLessThan(5);
    expect(query.getAll("tag")).toEqual(["a", "b"]);
    expect(query.get("q")).toBe("café");
    expect(query.get("signature")).toBe(expectedSignature(query));
    // authenticate.public.appProxy hands the library the URLSearchParams; it joins repeated keys itself.
    await expect(shopify.utils.validateHmac(query, { signator: "appProxy" })).resolves.toBe(true);

    const tampered = new URLSearchParams(query);
    tampered.set("logged_in_customer_id", "1");
    await expect(shopify.utils.validateHmac(tampered, { signator: "appProxy" })).resolves.toBe(false);
  });

  it("sends an empty logged_in_customer_id for a guest, strips cookies both ways and passes POST beacons through", async () => {
    const { app, shopper } = await setUp();
    await shopper.postJson("/cart/add.js", { id: 0 });
    await shopper.request("/");
    expect(shopper.cookies.size).toBeGreaterThan(0);

    const beacon = await shopper.request("/apps/affable/click", {
      method: "POST",
      headers: { "Content-Type": "text/plain;charset=UTF-8", "X-Forwarded-For": "1.2.3.4" },
      body: JSON.stringify({ ref: "maya", clickId: "c-1" }),
    });
    expect(beacon.status).toBe(204);
    expect(beacon.headers.getSetCookie()).toEqual([]);
    const hit = app.hits[0];
    expect(hit?.method).toBe("POST");
    expect(hit?.body).toBe('{"ref":"maya","clickId":"c-1"}');
    expect(hit?.headers["content-type"]).toBe("text/plain;charset=UTF-8");
    expect(hit?.headers.cookie).toBeUndefined();
    expect(hit?.url.searchParams.get("logged_in_customer_id")).toBe("");
    // No client address in-process: and whatever the shopper claims is not passed on.
    expect(hit?.headers["x-forwarded-for"]).toBeUndefined();
    expect(hit?.url.searchParams.get("signature")).toBe(expectedSignature(hit?.url.searchParams ?? new URLSearchParams()));
  });

  it("forwards the shopper's address as X-Forwarded-For, never one the shopper sent", async () => {
    const { devstore, app } = await setUp();
    const storefront = devstore.storefront;
    if (!storefront) throw new Error("the storefront is on");
    const request = new Request("http://127.0.0.1/apps/affable/click", { method: "POST", headers: { "X-Forwarded-For": "1.2.3.4", "X-Devstore-Client-Address": "5.6.7.8" }, body: "{}" });
    expect((await storefront.fetch(request, "203.0.113.9")).status).toBe(204);
    expect(app.hits[0]?.headers["x-forwarded-for"]).toBe("203.0.113.9");
    expect(app.hits[0]?.headers["x-devstore-client-address"]).toBeUndefined();
  });

  it("renders application/liquid answers inside the theme layout with shop and customer", async () => {
    const { devstore, shopper } = await setUp();
    const guest = await shopper.request("/apps/affable/portal");
    expect(guest.status).toBe(200);
    expect(guest.headers.get("content-type")).toContain("text/html");
    expect(guest.headers.get("x-app")).toBe("portal");
    expect(guest.headers.getSetCookie().some((line) => line.startsWith("app_session"))).toBe(false);
    const html = await guest.text();
    const shopName = devstore.context.state.read().shop.name;
    expect(html).toContain(`<h2 id="greeting">Hello guest at ${shopName} (${devstore.context.shop})</h2>`);
    expect(html).toContain('<header class="site">');
    expect(html.indexOf("greeting")).toBeLessThan(html.indexOf("</main>"));

    const bare = await (await shopper.request("/apps/affable/bare")).text();
    expect(bare).toBe(`<p>${shopName} only</p>`);

    const customer = devstore.context.state.read().customers[0];
    await shopper.submit("/account/login", { email: customer?.email ?? "" });
    expect(await (await shopper.request("/fr/apps/affable/portal")).text()).toContain(`Hello ${customer?.firstName} at`);
  });

  it("answers 404 for another subpath and 502 when the app is down", async () => {
    const { app, shopper } = await setUp();
    expect((await shopper.request("/apps/someone-else/portal")).status).toBe(404);
    await app.close();
    expect((await shopper.request("/apps/affable/portal")).status).toBe(502);
  });
});
