/**
 * The network seam, proved end to end with real ports: a Node 22 child process started with
 * `--import ./devstore/intercept.mjs` calls https://affable-demo.myshopify.com with plain global fetch and reaches
 * the devstore; a request to any other host goes where it was addressed.
 */
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { PROJECT_ROOT, SHOP_DOMAIN } from "./config.ts";
import { startDevstore, type RunningDevstore } from "./server.ts";
import { mintSessionToken } from "./session-token.ts";
import { TEST_APP } from "./test-support/create-test-devstore.ts";

const run = promisify(execFile);

let directory: string;
let devstore: RunningDevstore;
let bystander: Server;
let bystanderUrl: string;

beforeAll(async () => {
  directory = mkdtempSync(path.join(tmpdir(), "devstore-intercept-"));
  devstore = await startDevstore({
    app: TEST_APP,
    appUrl: "http://localhost:4001",
    ports: { admin: 0, tunnel: 0, app: 3000 },
    stateFile: path.join(directory, "state.json"),
    shell: false,
    tunnel: false,
    log: () => undefined,
  });
  bystander = createServer((request, response) => {
    response.setHeader("Content-Type", "application/json");
    response.end(JSON.stringify({ bystander: true, host: request.headers.host, path: request.url }));
  });
  await new Promise<void>((resolve) => bystander.listen(0, "127.0.0.1", resolve));
  const address = bystander.address();
  if (address === null || typeof address === "string") throw new Error("the bystander server has no TCP address");
  bystanderUrl = `http://127.0.0.1:${address.port}`;
});

afterAll(async () => {
  await devstore.close();
  await new Promise((resolve) => bystander.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

/** What the child prints: one JSON line per request it made. */
const childReportSchema = z.object({ status: z.number(), body: z.unknown() });

async function runChild(script: string, env: Record<string, string>): Promise<z.infer<typeof childReportSchema>[]> {
  const { stdout } = await run(process.execPath, ["--import", "./devstore/intercept.mjs", "--input-type=module", "-e", script], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DEVSTORE_PORT: new URL(devstore.adminUrl).port, ...env },
    timeout: 20_000,
  });
  return stdout
    .trim()
    .split("\n")
    .map((line) => childReportSchema.parse(JSON.parse(line)));
}

const CHILD_SCRIPT = `
const report = async (url, init) => {
  const response = await fetch(url, init);
  console.log(JSON.stringify({ status: response.status, body: await response.json() }));
};
await report("https://${SHOP_DOMAIN}/admin/oauth/access_token", {
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify({
    client_id: process.env.API_KEY,
    client_secret: process.env.API_SECRET,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: process.env.SESSION_TOKEN,
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
  }),
});
await report(process.env.BYSTANDER_URL + "/ping?x=1");
await report("https://someone-else.myshopify.com/admin/api/2026-10/graphql.json", { method: "POST", body: "{}" });
`;

describe("devstore/intercept.mjs", () => {
  it("runs under Node 22, as the app does", () => {
    expect(process.version).toMatch(/^v22\./);
  });

  it("routes the shop's https URL to the devstore and leaves other hosts alone", async () => {
    const owner = devstore.context.state.read().staffMembers[0];
    const sessionToken = await mintSessionToken({ ...TEST_APP, shop: SHOP_DOMAIN, userId: String(owner?.id), sessionId: "intercept" });
    const [exchange, other, foreignShop] = await runChild(CHILD_SCRIPT, {
      API_KEY: TEST_APP.apiKey,
      API_SECRET: TEST_APP.apiSecret,
      SESSION_TOKEN: sessionToken,
      BYSTANDER_URL: bystanderUrl,
    });

    expect(exchange).toEqual({ status: 200, body: { access_token: expect.stringMatching(/^shpat_/), scope: "read_products,write_discounts" } });
    expect(devstore.context.state.read().accessTokens).toHaveLength(1);

    expect(other).toEqual({ status: 200, body: { bystander: true, host: new URL(bystanderUrl).host, path: "/ping?x=1" } });

    // Any *.myshopify.com goes to the devstore, which hosts only its own shop.
    expect(foreignShop?.status).toBe(404);
    expect(foreignShop?.body).toEqual({ errors: `There is no shop at someone-else.myshopify.com: this devstore hosts only ${SHOP_DOMAIN}.` });
  });
});
