import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SHOP_DOMAIN } from "../config.ts";
import { verifySessionToken } from "../session-token.ts";
import { openStateStore } from "../state/state-store.ts";
import { shellRoutes, SESSION_TOKEN_PATH } from "./routes.ts";
import type { ShellContext } from "./shell-context.ts";

const ADMIN = "http://localhost:4000";
const state = openStateStore({
  file: path.join(mkdtempSync(path.join(tmpdir(), "devstore-shell-")), "state.json"),
  shopDomain: SHOP_DOMAIN,
});
const owner = state.read().staffMembers.find((member) => member.accountOwner)!;
const ctx: ShellContext = {
  shop: SHOP_DOMAIN,
  adminOrigin: ADMIN,
  appUrl: "http://127.0.0.1:4001",
  app: { apiKey: "routes-test-key", apiSecret: "routes-test-secret", scopes: ["read_products"] },
  state,
  now: () => new Date(),
};

function shell(options: { autoLogin?: boolean } = { autoLogin: false }) {
  return shellRoutes(ctx, options);
}

async function logIn(app: ReturnType<typeof shell>): Promise<string> {
  const response = await app.request("/login", {
    method: "POST",
    headers: { Origin: ADMIN, "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
    body: "return_to=%2Fadmin",
  });
  expect(response.status).toBe(303);
  const cookie = response.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/HttpOnly/);
  return cookie.split(";")[0] ?? "";
}

function askForToken(app: ReturnType<typeof shell>, headers: Record<string, string>, body: unknown = { apiKey: ctx.app.apiKey }) {
  return app.request(SESSION_TOKEN_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

describe("session token endpoint", () => {
  it("mints a token for the logged-in staff member, for a same-origin request", async () => {
    const app = shell();
    const cookie = await logIn(app);
    const response = await askForToken(app, { Cookie: cookie, Origin: ADMIN, "Sec-Fetch-Site": "same-origin" });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { idToken: string; issuedAt: number; expiresAt: number };
    expect(body.expiresAt - body.issuedAt).toBe(60);
    const claims = await verifySessionToken(body.idToken, ctx.app);
    expect(claims.dest).toBe(`https://${SHOP_DOMAIN}`);
    expect(claims.sub).toBe(String(owner.id));
    expect(claims.sid).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a request from another origin, even with the staff cookie (the app's frame, any other site)", async () => {
    const app = shell();
    const cookie = await logIn(app);
    for (const origin of ["http://127.0.0.1:4001", "https://evil.example", "null", "http://localhost:4001"]) {
      const response = await askForToken(app, { Cookie: cookie, Origin: origin });
      expect(response.status, origin).toBe(403);
      expect(((await response.json()) as { error: string }).error).toMatch(/not the admin origin/);
    }
  });

  it("refuses a request without an Origin header or marked cross-site by the browser", async () => {
    const app = shell();
    const cookie = await logIn(app);
    expect((await askForToken(app, { Cookie: cookie })).status).toBe(403);
    expect((await askForToken(app, { Cookie: cookie, Origin: ADMIN, "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await askForToken(app, { Cookie: cookie, Origin: ADMIN, "Sec-Fetch-Site": "same-site" })).status).toBe(403);
  });

  it("refuses without a login, with a forged cookie, or for another app", async () => {
    const app = shell();
    expect((await askForToken(app, { Origin: ADMIN })).status).toBe(401);
    const forged = `devstore_admin_session=${encodeURIComponent(`${owner.id}:00000000-0000-0000-0000-000000000000.AAAA`)}`;
    expect((await askForToken(app, { Origin: ADMIN, Cookie: forged })).status).toBe(401);
    const cookie = await logIn(app);
    expect((await askForToken(app, { Origin: ADMIN, Cookie: cookie }, { apiKey: "another-app" })).status).toBe(404);
    expect((await askForToken(app, { Origin: ADMIN, Cookie: cookie }, { nope: true })).status).toBe(400);
    const formPost = await app.request(SESSION_TOKEN_PATH, {
      method: "POST",
      headers: { Origin: ADMIN, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      body: "apiKey=routes-test-key",
    });
    expect(formPost.status).toBe(415);
  });

  it("refuses a cross-origin login (no logging the staff member in from another site)", async () => {
    const response = await shell().request("/login", {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "return_to=%2Fadmin",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
  });
});

describe("admin pages", () => {
  it("sends a visitor without a login to the login page, then back", async () => {
    const app = shell();
    const response = await app.request("/store/affable-demo/apps/affable/app/creators?tab=1");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/login?return_to=${encodeURIComponent("/store/affable-demo/apps/affable/app/creators?tab=1")}`);
  });

  it("logs the account owner in on the first visit when autoLogin is on (the default)", async () => {
    const app = shellRoutes(ctx);
    const response = await app.request("/store/affable-demo/apps/affable");
    expect(response.status).toBe(200);
    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    expect(cookie).toMatch(/^devstore_admin_session=/);
    const token = await askForToken(app, { Cookie: cookie, Origin: ADMIN });
    expect(token.status).toBe(200);
  });

  it("renders the app page with a signed launch URL for the deep-linked path", async () => {
    const app = shell();
    const cookie = await logIn(app);
    const response = await app.request("/store/affable-demo/apps/affable/app/creators?tab=1", { headers: { Cookie: cookie } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    const src = /<iframe[^>]* src="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, "&") ?? "";
    const url = new URL(src);
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:4001/app/creators");
    expect(url.searchParams.get("tab")).toBe("1");
    expect(url.searchParams.get("embedded")).toBe("1");
    await expect(verifySessionToken(url.searchParams.get("id_token") ?? "", ctx.app)).resolves.toBeTruthy();
    expect(html).not.toContain(ctx.app.apiSecret);
    // The sidebar and account come from the devstore state: the shop's name, its account owner.
    expect(html).toContain(state.read().shop.name);
    expect(html).toContain(`${owner.firstName} ${owner.lastName}`);
  });

  it("sends /admin and /apps/{api key} to the app's canonical page", async () => {
    const app = shell();
    expect((await app.request("/admin")).headers.get("location")).toBe("/store/affable-demo/apps/affable");
    const byKey = await app.request(`/store/affable-demo/apps/${ctx.app.apiKey}/app?x=1`);
    expect(byKey.headers.get("location")).toBe("/store/affable-demo/apps/affable/app?x=1");
  });

  it("answers 404 for another store or app", async () => {
    const app = shell();
    expect((await app.request("/store/other-store/apps/affable")).status).toBe(404);
    expect((await app.request("/store/affable-demo/apps/other-app")).status).toBe(404);
  });

  it("serves the App Bridge stand-in at Shopify's CDN path, to any origin", async () => {
    const response = await shell().request("/cdn/shopifycloud/app-bridge.js");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(await response.text()).toContain("shopify:navigate");
  });
});
