/**
 * The API reference and the OpenAPI document name the API's own URL in their examples and `servers`. It must come
 * from SHOPIFY_APP_URL: a forged Host header (behind a proxy that passes it on, or cache poisoning of these
 * public, cacheable pages) must not put another origin into them.
 */
import { beforeAll, describe, expect, it } from "vitest";

beforeAll(() => {
  Object.assign(process.env, {
    SHOPIFY_API_KEY: "test-api-key",
    SHOPIFY_API_SECRET: "test-secret",
    SHOPIFY_APP_URL: "https://affable.example.com",
    SCOPES: "read_orders",
    DATABASE_URL: "pglite:memory://unused",
  });
});

/** What the Express adapter builds from a request whose Host header says evil.example. */
function forgedRequest(path: string): Request {
  return new Request(`https://evil.example${path}`, { headers: { Host: "evil.example", "X-Forwarded-Host": "evil.example" } });
}

describe("API docs use SHOPIFY_APP_URL, never the Host header", () => {
  it("openapi.json lists the configured server URL", async () => {
    const { loader } = await import("../routes/api.v1.openapi[.]json");
    const response = await loader({ request: forgedRequest("/api/v1/openapi.json"), params: {}, context: {} });
    const text = await response.text();
    expect((JSON.parse(text) as { servers: Array<{ url: string }> }).servers).toEqual([{ url: "https://affable.example.com/api/v1" }]);
    expect(text).not.toContain("evil.example");
  });

  it("the HTML reference builds its curl examples from the configured URL", async () => {
    const { loader } = await import("../routes/api.v1.docs");
    const response = await loader({ request: forgedRequest("/api/v1/docs"), params: {}, context: {} });
    const html = await response.text();
    expect(html).toContain("https://affable.example.com/api/v1/creators");
    expect(html).not.toContain("evil.example");
  });
});
