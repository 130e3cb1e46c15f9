import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { SHOP_DOMAIN, SHOP_HOST_PARAM } from "../config.ts";
import { mintSessionToken, verifySessionToken } from "../session-token.ts";
import { buildAppLaunchUrl, hashSessionId, signAdminQuery, type AppLaunch } from "./launch-url.ts";

const credentials = { apiKey: "launch-test-key", apiSecret: "launch-test-secret" };

// The real library checks what we build: if Shopify's own validator accepts it, the app will.
const shopify = shopifyApi({
  apiKey: credentials.apiKey,
  apiSecretKey: credentials.apiSecret,
  apiVersion: ApiVersion.October25,
  hostName: "127.0.0.1:4001",
  hostScheme: "http",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

async function launch(overrides: Partial<AppLaunch> = {}): Promise<URL> {
  const now = Math.floor(Date.now() / 1000);
  const idToken = await mintSessionToken({ ...credentials, shop: SHOP_DOMAIN, userId: "42", sessionId: "sid-1", nowSeconds: now });
  return new URL(
    buildAppLaunchUrl({
      appUrl: "http://127.0.0.1:4001",
      path: "",
      shop: SHOP_DOMAIN,
      host: SHOP_HOST_PARAM,
      idToken,
      sessionId: "sid-1",
      locale: "en",
      timestamp: now,
      apiSecret: credentials.apiSecret,
      ...overrides,
    }),
  );
}

describe("buildAppLaunchUrl", () => {
  it("builds Shopify's launch URL: every parameter, sorted by name, hmac among them", async () => {
    const url = await launch();
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:4001/");
    expect([...url.searchParams.keys()]).toEqual(["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "timestamp"]);
    expect(url.searchParams.get("embedded")).toBe("1");
    expect(url.searchParams.get("shop")).toBe(SHOP_DOMAIN);
    expect(Buffer.from(url.searchParams.get("host") ?? "", "base64url").toString()).toBe("admin.shopify.com/store/affable-demo");
    expect(url.searchParams.get("locale")).toBe("en");
    expect(url.searchParams.get("session")).toBe(hashSessionId("sid-1"));
    expect(url.searchParams.get("hmac")).toMatch(/^[0-9a-f]{64}$/);
  });

  it("passes the Shopify library's own hmac, shop and host checks", async () => {
    const url = await launch();
    await expect(shopify.utils.validateHmac(Object.fromEntries(url.searchParams))).resolves.toBe(true);
    expect(shopify.utils.sanitizeShop(url.searchParams.get("shop") ?? "")).toBe(SHOP_DOMAIN);
    expect(shopify.utils.sanitizeHost(url.searchParams.get("host") ?? "")).toBe(SHOP_HOST_PARAM);
  });

  it("carries a session token the app can verify", async () => {
    const url = await launch();
    const claims = await verifySessionToken(url.searchParams.get("id_token") ?? "", credentials);
    expect(claims.dest).toBe(`https://${SHOP_DOMAIN}`);
    expect(claims.sub).toBe("42");
    expect(claims.sid).toBe("sid-1");
  });

  it("fails the library's check when any signed parameter changes or the secret differs", async () => {
    const url = await launch();
    const tampered = Object.fromEntries(url.searchParams);
    tampered.shop = "someone-else.myshopify.com";
    await expect(shopify.utils.validateHmac(tampered)).resolves.toBe(false);
    const otherSecret = await launch({ apiSecret: "another-secret" });
    await expect(shopify.utils.validateHmac(Object.fromEntries(otherSecret.searchParams))).resolves.toBe(false);
  });

  it("keeps a deep link's path and parameters, signed with the rest, and drops smuggled launch parameters", async () => {
    const query = new URLSearchParams("tab=payouts&note=two words&shop=evil.myshopify.com&hmac=0000&id_token=forged");
    const url = await launch({ path: "/app/creators/12", query });
    expect(url.pathname).toBe("/app/creators/12");
    expect(url.searchParams.get("tab")).toBe("payouts");
    expect(url.searchParams.get("note")).toBe("two words");
    expect(url.searchParams.getAll("shop")).toEqual([SHOP_DOMAIN]);
    expect(url.searchParams.getAll("hmac")).toHaveLength(1);
    expect(url.searchParams.get("id_token")).not.toBe("forged");
    await expect(shopify.utils.validateHmac(url.searchParams)).resolves.toBe(true);
  });

  it("signs repeated parameters the way the library normalises them (values joined with commas)", async () => {
    const url = await launch({ path: "/app", query: new URLSearchParams("ids=1&ids=2") });
    expect(url.searchParams.getAll("ids")).toEqual(["1", "2"]);
    await expect(shopify.utils.validateHmac(url.searchParams)).resolves.toBe(true);
  });

  it("joins an app URL with a trailing slash or a base path without doubling slashes", async () => {
    expect((await launch({ appUrl: "http://127.0.0.1:4001/", path: "/app" })).pathname).toBe("/app");
    expect((await launch({ appUrl: "http://127.0.0.1:4001/base", path: "/app" })).pathname).toBe("/base/app");
  });
});

describe("signAdminQuery", () => {
  it("matches a hand-computed Shopify hmac (sorted, %20 for spaces, hmac and signature ignored)", async () => {
    const { createHmac } = await import("node:crypto");
    const query = new URLSearchParams("timestamp=1&shop=a.myshopify.com&hmac=x&signature=y&b=c d");
    const expected = createHmac("sha256", "s").update("b=c%20d&shop=a.myshopify.com&timestamp=1").digest("hex");
    expect(signAdminQuery(query, "s")).toBe(expected);
  });
});
