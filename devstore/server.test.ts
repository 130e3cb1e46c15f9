import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { API_VERSION, SHOP_DOMAIN } from "./config.ts";
import { startDevstore, type RunningDevstore, type StartDevstoreOptions } from "./server.ts";
import { mintSessionToken } from "./session-token.ts";
import { offlineTokenAnswerSchema, TEST_APP } from "./test-support/create-test-devstore.ts";

let directory: string;
const running: RunningDevstore[] = [];
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "devstore-server-"));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((devstore) => devstore.close()));
  rmSync(directory, { recursive: true, force: true });
});

async function start(overrides: Partial<StartDevstoreOptions> = {}): Promise<RunningDevstore> {
  const devstore = await startDevstore({
    app: TEST_APP,
    appUrl: "http://localhost:4001",
    ports: { admin: 0, tunnel: 0, app: 3000 },
    stateFile: path.join(directory, "state.json"),
    shell: false,
    tunnel: false,
    log: () => undefined,
    ...overrides,
  });
  running.push(devstore);
  return devstore;
}

/** Talks to the devstore over a real port, with the shop's Host header as the intercept sends it. */
async function exchangeToken(devstore: RunningDevstore): Promise<string> {
  const owner = devstore.context.state.read().staffMembers[0];
  const response = await fetch(`${devstore.adminUrl}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      client_id: TEST_APP.apiKey,
      client_secret: TEST_APP.apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: await mintSessionToken({ ...TEST_APP, shop: SHOP_DOMAIN, userId: String(owner?.id), sessionId: "s" }),
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
    }),
  });
  return offlineTokenAnswerSchema.parse(await response.json()).access_token;
}

async function shopName(devstore: RunningDevstore, token: string): Promise<number> {
  const response = await fetch(`${devstore.adminUrl}/admin/api/${API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  return response.status;
}

describe("startDevstore", () => {
  it("listens on 127.0.0.1 and names its admin origin with localhost", async () => {
    const devstore = await start();
    expect(devstore.adminUrl).toMatch(/^http:\/\/localhost:\d+$/);
    const response = await fetch(devstore.adminUrl.replace("localhost", "127.0.0.1"));
    expect(response.status).toBe(200);
    expect(devstore.tunnelUrl).toBeNull();
    expect(existsSync(path.join(directory, "state.json"))).toBe(true);
  });

  it("keeps installed apps and their tokens across a restart", async () => {
    const first = await start();
    const token = await exchangeToken(first);
    expect(await shopName(first, token)).toBe(200);
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await start();
    expect(await shopName(second, token)).toBe(200);
    expect(second.context.state.read().installations).toHaveLength(1);
  });

  it("grants newly declared scopes to the installed app at start, like a config deploy", async () => {
    const first = await start();
    await exchangeToken(first);
    await first.close();
    running.splice(running.indexOf(first), 1);

    const lines: string[] = [];
    const second = await start({ app: { ...TEST_APP, scopes: ["read_products", "read_customers"] }, log: (line) => lines.push(line) });
    expect(second.context.state.read().installations[0]?.scopes).toEqual(["read_products", "read_customers"]);
    expect(lines.join("\n")).toMatch(/Access scopes changed/);
  });

  it.skipIf(!existsSync(new URL("./shell/routes.ts", import.meta.url)))("mounts the admin shell when devstore/shell/routes.ts is present", async () => {
    const devstore = await start({ shell: true });
    const response = await fetch(devstore.adminUrl);
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain("admin shell (devstore/shell/routes.ts) is not installed");
  });
});

describe("the storefront on the admin's port", () => {
  it("answers on 127.0.0.1 (the admin stays on localhost) and proxies /apps/affable/* with the shopper's address", async () => {
    const hits: { url: string; forwardedFor: string | undefined }[] = [];
    const app = createServer((request, response) => {
      hits.push({ url: request.url ?? "", forwardedFor: request.headers["x-forwarded-for"] as string | undefined });
      response.writeHead(204).end();
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    try {
      const devstore = await start({ appUrl: `http://127.0.0.1:${(app.address() as AddressInfo).port}`, webhooks: false });
      expect(devstore.storefrontUrl).toBe(`http://127.0.0.1:${new URL(devstore.adminUrl).port}`);
      expect(await (await fetch(`${devstore.storefrontUrl}/`)).text()).toContain("window.Shopify");
      expect(await (await fetch(`${devstore.adminUrl}/`)).text()).not.toContain("window.Shopify");

      const beacon = await fetch(`${devstore.storefrontUrl}/apps/affable/click?x=1`, { method: "POST", body: "{}" });
      expect(beacon.status).toBe(204);
      expect(hits[0]?.url).toMatch(/^\/proxy\/click\?x=1&shop=/);
      expect(hits[0]?.forwardedFor).toBe("127.0.0.1");
    } finally {
      await new Promise((resolve) => app.close(resolve));
    }
  });
});
