import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { ONLINE_TOKEN_TYPE } from "./token-request-schema.ts";

let devstore: TestDevstore;
beforeEach(() => {
  devstore = createTestDevstore();
});
afterEach(() => devstore.cleanup());

const SHOP_QUERY = "{ shop { name } }";

describe("token exchange (POST /admin/oauth/access_token)", () => {
  it("answers a non-expiring offline token that works on the Admin API", async () => {
    const response = await devstore.exchange();
    expect(response.status).toBe(200);
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    const body = await response.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/), scope: "read_products,write_discounts" });

    const graphql = await devstore.graphql(SHOP_QUERY, { token: body.access_token });
    expect(await graphql.json()).toMatchObject({ data: { shop: { name: "Affable Demo Store" } } });
    expect(devstore.context.state.read().installations).toEqual([expect.objectContaining({ apiKey: TEST_APP.apiKey, scopes: TEST_APP.scopes })]);
  });

  it("answers an expiring offline token with its refresh token, as with expiring=1", async () => {
    const body = await (await devstore.exchange({ expiring: "1" })).json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: "read_products,write_discounts",
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 7_776_000,
    });
  });

  it("answers an online token for the staff member in the session token's sub", async () => {
    const owner = devstore.context.state.read().staffMembers[0]!;
    const body = await (await devstore.exchange({ requested_token_type: ONLINE_TOKEN_TYPE })).json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^shpua_/),
      scope: "read_products,write_discounts",
      expires_in: 86399,
      associated_user_scope: "read_products,write_discounts",
      associated_user: {
        id: owner.id,
        first_name: owner.firstName,
        last_name: owner.lastName,
        email: owner.email,
        email_verified: true,
        account_owner: true,
        locale: "en",
        collaborator: false,
      },
    });
  });

  it("accepts a form-encoded body", async () => {
    const response = await devstore.request("/admin/oauth/access_token", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: TEST_APP.apiKey,
        client_secret: TEST_APP.apiSecret,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: await devstore.sessionToken(),
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
      }).toString(),
    });
    expect(response.status).toBe(200);
  });

  it("keeps only hashes of tokens in the state file", async () => {
    const body = await (await devstore.exchange({ expiring: "1" })).json();
    const file = readFileSync(devstore.stateFile, "utf8");
    expect(file).not.toContain(body.access_token);
    expect(file).not.toContain(body.refresh_token);
    expect(devstore.context.state.read().accessTokens).toHaveLength(1);
  });

  it.each([
    ["a wrong client secret", { client_secret: "not-the-secret" }],
    ["an unknown client id", { client_id: "someone-else" }],
    ["no client credentials", { client_id: undefined, client_secret: undefined }],
  ])("answers 401 invalid_client for %s", async (_case, override) => {
    const response = await devstore.exchange(override);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: "invalid_client" });
  });

  it("answers 400 invalid_subject_token for a token signed with another secret, and the library's retry path keys on it", async () => {
    const response = await devstore.exchange({ subject_token: await devstore.sessionToken({ apiSecret: "another-secret" }) });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_subject_token", error_description: expect.stringContaining("fresh one") });
  });

  it.each([
    ["expired", () => devstore.sessionToken({ nowSeconds: Math.floor(Date.now() / 1000) - 120 })],
    ["for another app (aud)", () => devstore.sessionToken({ apiKey: "another-app" })],
    ["for another shop (dest)", () => devstore.sessionToken({ shop: "someone-else.myshopify.com" })],
    ["for someone who is not staff (sub)", () => devstore.sessionToken({ userId: "12345" })],
    ["not a JWT", async () => "not-a-jwt"],
  ])("answers 400 invalid_subject_token for a session token %s", async (_case, token) => {
    const response = await devstore.exchange({ subject_token: await token(), requested_token_type: ONLINE_TOKEN_TYPE });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "invalid_subject_token" });
  });

  it("answers 400 missing_subject_token, unsupported_grant_type and invalid_request for malformed requests", async () => {
    expect(await (await devstore.exchange({ subject_token: undefined })).json()).toMatchObject({ error: "missing_subject_token" });
    const badGrant = await devstore.exchange({ grant_type: "authorization_code" });
    expect([badGrant.status, (await badGrant.json()).error]).toEqual([400, "unsupported_grant_type"]);
    expect(await (await devstore.exchange({ requested_token_type: "urn:example:nope" })).json()).toMatchObject({ error: "invalid_request" });
    const notJson = await devstore.request("/admin/oauth/access_token", { method: "POST", body: "{" });
    expect(notJson.status).toBe(400);
  });
});

describe("refresh (grant_type=refresh_token)", () => {
  const refresh = (refreshToken: string | undefined, override: Record<string, unknown> = {}) =>
    devstore.request("/admin/oauth/access_token", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: TEST_APP.apiKey, client_secret: TEST_APP.apiSecret, grant_type: "refresh_token", refresh_token: refreshToken, ...override }),
    });

  it("trades a refresh token for a new pair; the old access token works until it expires an hour later", async () => {
    const first = await devstore.offlineToken(true);
    const response = await refresh(first.refresh_token);
    expect(response.status).toBe(200);
    const second = await response.json();
    expect(second).toMatchObject({ access_token: expect.stringMatching(/^shpat_/), expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/) });
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.refresh_token).not.toBe(first.refresh_token);

    expect((await devstore.graphql(SHOP_QUERY, { token: first.access_token })).status).toBe(200);
    devstore.clock.advance(3600 * 1000 + 1);
    expect((await devstore.graphql(SHOP_QUERY, { token: first.access_token })).status).toBe(401);
  });

  it("lets a lost refresh answer be retried with the old refresh token until the replacement is used (Shopify, Aug 2026)", async () => {
    const first = await devstore.offlineToken(true);
    const lost = await (await refresh(first.refresh_token)).json();
    const retried = await (await refresh(first.refresh_token)).json();
    expect(retried.refresh_token).not.toBe(lost.refresh_token);

    expect((await refresh(retried.refresh_token)).status).toBe(200);
    const retired = await refresh(first.refresh_token);
    expect(retired.status).toBe(400);
    expect(await retired.json()).toMatchObject({ error: "invalid_grant", error_description: expect.stringContaining("newest refresh token") });
  });

  it("answers invalid_grant for an unknown or expired refresh token, invalid_client for a wrong secret", async () => {
    expect(await (await refresh("shprt_unknown")).json()).toMatchObject({ error: "invalid_grant" });
    const { refresh_token } = await devstore.offlineToken(true);
    expect((await refresh(refresh_token, { client_secret: "wrong" })).status).toBe(401);
    devstore.clock.advance(91 * 24 * 3600 * 1000);
    expect(await (await refresh(refresh_token)).json()).toMatchObject({ error: "invalid_grant", error_description: expect.stringContaining("expired") });
    expect(await (await refresh(undefined)).json()).toMatchObject({ error: "invalid_request" });
  });
});
