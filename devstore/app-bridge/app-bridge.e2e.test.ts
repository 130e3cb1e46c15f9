/**
 * The admin shell, the tunnel and the App Bridge stand-in, together in a real browser, around a tiny fake app that
 * answers like the Shopify library (CSP, bounce page, retry header). Run with:
 *
 *   npx vitest run --project browser
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { serve, type ServerType } from "@hono/node-server";
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from "@playwright/test";
import type { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_DOMAIN, SHOP_HOST_PARAM } from "../config.ts";
import { verifySessionToken } from "../session-token.ts";
import { shellRoutes } from "../shell/routes.ts";
import { openStateStore } from "../state/state-store.ts";
import { startTunnel, type Tunnel } from "../tunnel.ts";
import { startFakeApp, type FakeApp } from "./fake-embedded-app.ts";
import { CHROME_USER_AGENT, CHROMIUM_ARGS, CHROMIUM_PATH } from "../../tests/support/chromium.ts";

const credentials = { apiKey: "e2e-app-bridge-key", apiSecret: "e2e-app-bridge-secret" };
const WAIT = { timeout: 15_000, interval: 100 };
const SCREENSHOT = "/tmp/devstore-admin-shell.png";
const NARROW_SCREENSHOT = "/tmp/devstore-admin-shell-narrow.png";

let fakeApp: FakeApp;
let tunnel: Tunnel;
let adminServer: ServerType;
let adminOrigin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];
const state = openStateStore({
  file: path.join(mkdtempSync(path.join(tmpdir(), "devstore-app-bridge-e2e-")), "state.json"),
  shopDomain: SHOP_DOMAIN,
});
const owner = state.read().staffMembers.find((member) => member.accountOwner)!;

function appPage(appPath = ""): string {
  return `${adminOrigin}/store/affable-demo/apps/affable${appPath}`;
}

async function appFrame(): Promise<Frame> {
  await expect.poll(() => page.frames().some((frame) => frame.url().startsWith(tunnel.url)), WAIT).toBe(true);
  return page.frames().find((frame) => frame.url().startsWith(tunnel.url))!;
}

async function frameReady(frame: Frame): Promise<void> {
  await frame.waitForFunction(
    () => {
      const shopify = (window as unknown as { shopify?: { ready: Promise<void> } }).shopify;
      return shopify ? shopify.ready.then(() => true) : false;
    },
    undefined,
    { timeout: WAIT.timeout },
  );
}

function windowValue(frame: Frame, name: string): Promise<unknown> {
  return frame.evaluate((key) => (window as unknown as Record<string, unknown>)[key], name);
}

beforeAll(async () => {
  // Listen first (ports are picked at random), then build what answers: the origins depend on the ports.
  let shell: Hono | null = null;
  fakeApp = await startFakeApp({
    credentials,
    shop: SHOP_DOMAIN,
    adminOrigin: () => adminOrigin,
    appUrl: () => tunnel.url,
  });
  const adminPort = await new Promise<number>((resolve) => {
    adminServer = serve(
      {
        fetch: (request) => (shell ? shell.fetch(request) : new Response("starting", { status: 503 })),
        port: 0,
        hostname: "127.0.0.1",
        overrideGlobalObjects: false,
      },
      (info: AddressInfo) => resolve(info.port),
    );
  });
  adminOrigin = `http://localhost:${adminPort}`;
  tunnel = await startTunnel({ port: 0, appOrigin: fakeApp.origin, adminOrigin, log: () => {} });
  shell = shellRoutes({
    shop: SHOP_DOMAIN,
    adminOrigin,
    appUrl: tunnel.url,
    app: { ...credentials, scopes: ["read_products"] },
    state,
    now: () => new Date(),
  });

  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });

  context = await browser.newContext({ userAgent: CHROME_USER_AGENT, viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => consoleErrors.push(`pageerror: ${error.message}`));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await tunnel?.close();
  await new Promise<void>((resolve) => {
    if (!adminServer) return resolve();
    adminServer.close(() => resolve());
    if ("closeAllConnections" in adminServer) adminServer.closeAllConnections();
  });
  await fakeApp?.close();
});

describe("the local admin around an embedded app", () => {
  it("loads the app through the tunnel with a valid id_token in its launch URL", async () => {
    await page.goto(`${adminOrigin}/admin`);
    await expect.poll(() => page.url(), WAIT).toBe(appPage());
    const frame = await appFrame();
    const launch = new URL(frame.url());
    expect(launch.origin).toBe(tunnel.url);
    expect(launch.searchParams.get("shop")).toBe(SHOP_DOMAIN);
    expect(launch.searchParams.get("host")).toBe(SHOP_HOST_PARAM);
    const claims = await verifySessionToken(launch.searchParams.get("id_token") ?? "", credentials);
    expect(claims.sub).toBe(String(owner.id));
    // The app itself saw the token as valid (it rendered, so the rewritten frame-ancestors let the frame load).
    await frame.locator('#status[data-token-valid="yes"]').waitFor({ timeout: WAIT.timeout });
    await frameReady(frame);
    // As in a merchant's Chrome, the cross-site frame has (partitioned) storage: Remix's client uses sessionStorage.
    expect(await frame.evaluate(() => typeof sessionStorage.getItem("devstore-app-bridge:launch"))).toBe("string");
  });

  it("the app's CSP without the tunnel's rewrite would block the frame (control)", async () => {
    const control = await context.newPage();
    try {
      const refused = control.waitForEvent("console", {
        predicate: (message) => /frame-ancestors/.test(message.text()),
        timeout: WAIT.timeout,
      });
      await control.goto(`${adminOrigin}/`);
      await control.evaluate((src) => {
        const iframe = document.createElement("iframe");
        iframe.src = src;
        document.body.appendChild(iframe);
      }, `${fakeApp.origin}/app?shop=${SHOP_DOMAIN}`);
      expect((await refused).text()).toMatch(/(Refused to frame|Framing) '?http:\/\/127\.0\.0\.1:\d+\/'?.*(blocked|violates)/s);
    } finally {
      await control.close();
    }
  });

  it("lifts ui-nav-menu into the sidebar and ui-title-bar above the frame", async () => {
    await expect.poll(() => page.locator("#app-nav a").allTextContents(), WAIT).toEqual(["Creators", "Settings"]);
    // The rel="home" item is not listed (as in Shopify): the app's name leads there.
    expect(await page.locator("#app-home-link").evaluate((link: HTMLAnchorElement) => link.href)).toBe(appPage("/app"));
    expect(await page.locator("#app-nav a").first().evaluate((link: HTMLAnchorElement) => link.href)).toBe(appPage("/app/creators"));
    await expect.poll(() => page.locator("#app-title").textContent(), WAIT).toBe("Dashboard");
    await expect.poll(() => page.locator("#titlebar-actions button").allTextContents(), WAIT).toEqual(["Export", "Add creator"]);

    await page.locator("#titlebar-actions button", { hasText: "Add creator" }).click();
    await expect.poll(() => windowValue(page.frames().find((f) => f.url().startsWith(tunnel.url))!, "__addCreator"), WAIT).toBe(1);
  });

  it("a sidebar click dispatches shopify:navigate in the app, and the address bar follows", async () => {
    const frame = await appFrame();
    await page.locator("#app-nav a", { hasText: "Creators" }).click();
    await expect.poll(() => windowValue(frame, "__navigations"), WAIT).toEqual(["/app/creators"]);
    await expect.poll(() => page.url(), WAIT).toBe(appPage("/app/creators"));
    await expect.poll(() => page.locator("#app-nav a[aria-current=page]").textContent(), WAIT).toBe("Creators");
    await expect.poll(() => page.locator("#app-title").textContent(), WAIT).toBe("Creators");
  });

  it("fetches from the app carry a valid bearer token; other origins get none", async () => {
    const frame = await appFrame();
    const whoami = (await frame.evaluate(() => fetch("/api/whoami").then((response) => response.json()))) as {
      authorization: string;
      valid: boolean;
      sub: string;
    };
    expect(whoami.valid).toBe(true);
    expect(whoami.sub).toBe(String(owner.id));
    await verifySessionToken(whoami.authorization.replace(/^Bearer /, ""), credentials);

    const other = (await frame.evaluate(
      (url) => fetch(url).then((response) => response.json()),
      `${fakeApp.origin}/api/echo-cors`,
    )) as { authorization: string | null };
    expect(other.authorization).toBeNull();

    const idToken = await frame.evaluate(() => (window as unknown as { shopify: { idToken(): Promise<string> } }).shopify.idToken());
    expect((await verifySessionToken(idToken, credentials)).dest).toBe(`https://${SHOP_DOMAIN}`);
    const user = await frame.evaluate(() => (window as unknown as { shopify: { user(): Promise<{ name: string }> } }).shopify.user());
    expect(user.name).toBe(`${owner.firstName} ${owner.lastName}`);
  });

  it("retries once with a fresh token when the app answers X-Shopify-Retry-Invalid-Session-Request", async () => {
    const frame = await appFrame();
    const result = (await frame.evaluate(() =>
      fetch("/api/flaky").then((response) => response.json().then((body: unknown) => ({ status: response.status, body }))),
    )) as { status: number; body: { valid: boolean; calls: number } };
    expect(result).toEqual({ status: 200, body: { valid: true, calls: 2 } });
    expect(fakeApp.flakyTokens).toHaveLength(2);
    expect(fakeApp.flakyTokens[1]).not.toBe(fakeApp.flakyTokens[0]);
  });

  it("shows toasts in the admin, bottom centre", async () => {
    const frame = await appFrame();
    await frame.evaluate(() => (window as unknown as { shopify: { toast: { show(m: string): string } } }).shopify.toast.show("Creator saved"));
    const toast = page.locator(".toast", { hasText: "Creator saved" });
    await toast.waitFor({ timeout: WAIT.timeout });
    const box = (await toast.boundingBox())!;
    expect(Math.abs(box.x + box.width / 2 - 640)).toBeLessThan(4);
    expect(box.y).toBeGreaterThan(700);
    await frame.evaluate(() =>
      (window as unknown as { shopify: { toast: { show(m: string, o: object): string } } }).shopify.toast.show("Payout failed", { isError: true }),
    );
    await page.locator(".toast.error", { hasText: "Payout failed" }).waitFor({ timeout: WAIT.timeout });
    await page.screenshot({ path: SCREENSHOT, animations: "disabled" });
  });

  it("shows the save bar in the admin, blocks leaving, and clicks the app's Save", async () => {
    const frame = await appFrame();
    await frame.evaluate(() =>
      (window as unknown as { shopify: { saveBar: { show(id: string): Promise<void> } } }).shopify.saveBar.show("creator-save-bar"),
    );
    await page.locator("#savebar").waitFor({ state: "visible", timeout: WAIT.timeout });
    await page.locator("#app-nav a", { hasText: "Settings" }).click();
    expect(await windowValue(frame, "__navigations")).toEqual(["/app/creators"]);
    await page.locator("#savebar-save").click();
    await expect.poll(() => windowValue(frame, "__saves"), WAIT).toBe(1);
    await frame.evaluate(() =>
      (window as unknown as { shopify: { saveBar: { hide(id: string): Promise<void> } } }).shopify.saveBar.hide("creator-save-bar"),
    );
    await page.locator("#savebar").waitFor({ state: "hidden", timeout: WAIT.timeout });
  });

  it("opens ui-modal over the app, dims the admin, and runs its title-bar buttons", async () => {
    const frame = await appFrame();
    await frame.evaluate(() =>
      (window as unknown as { shopify: { modal: { show(id: string): Promise<void> } } }).shopify.modal.show("payout-modal"),
    );
    await page.locator("#dim-top").waitFor({ state: "visible", timeout: WAIT.timeout });
    await frame.getByText("Pay 3 creators $120.00?").waitFor({ timeout: WAIT.timeout });
    await frame.getByRole("dialog", { name: "Confirm payout" }).waitFor({ timeout: WAIT.timeout });
    await frame.getByRole("button", { name: "Pay", exact: true }).click();
    expect(await windowValue(frame, "__paid")).toBe(true);
    await frame.getByRole("button", { name: "Close" }).click();
    await page.locator("#dim-top").waitFor({ state: "hidden", timeout: WAIT.timeout });
  });

  it("the bounce page gets a token and reloads the page with id_token appended", async () => {
    const frame = await appFrame();
    const query = new URLSearchParams({ embedded: "1", shop: SHOP_DOMAIN, host: SHOP_HOST_PARAM, tab: "payouts" });
    await frame.evaluate((search) => location.assign(`/app/settings?${search}`), query.toString());
    await expect.poll(() => frame.url(), WAIT).toMatch(/\/app\/settings\?.*&id_token=/);
    expect(fakeApp.bounces).toHaveLength(1);
    expect(fakeApp.bounces[0]).toMatch(/^\/auth\/session-token\?.*shopify-reload=/);
    const landed = new URL(frame.url());
    expect(landed.searchParams.get("tab")).toBe("payouts");
    await verifySessionToken(landed.searchParams.get("id_token") ?? "", credentials);
    await frame.locator('#status[data-token-valid="yes"]').waitFor({ timeout: WAIT.timeout });
    // The admin's address bar shows the app's page without Shopify's launch parameters.
    await expect.poll(() => page.url(), WAIT).toBe(appPage("/app/settings?tab=payouts"));
  });

  it("window.open(admin URL, '_top') navigates the admin window, and the deep link reopens the app there", async () => {
    const frame = await appFrame();
    await frameReady(frame);
    await frame.evaluate(() => {
      window.open("https://admin.shopify.com/store/affable-demo/apps/affable/app/creators?from=open", "_top");
    });
    await page.waitForURL(appPage("/app/creators?from=open"), { timeout: WAIT.timeout });
    const reopened = await appFrame();
    await expect.poll(() => new URL(reopened.url()).pathname, WAIT).toBe("/app/creators");
    expect(new URL(reopened.url()).searchParams.get("from")).toBe("open");
    await reopened.locator('#status[data-token-valid="yes"]').waitFor({ timeout: WAIT.timeout });
  });

  it("a response with X-Shopify-API-Request-Failure-Reauthorize-Url takes the admin window there", async () => {
    const frame = await appFrame();
    await frameReady(frame);
    await frame.evaluate(() => {
      void fetch("/api/reauthorize");
    });
    await page.waitForURL(appPage("/app/settings?reauthorized=1"), { timeout: WAIT.timeout });
    const reopened = await appFrame();
    await expect.poll(() => new URL(reopened.url()).pathname, WAIT).toBe("/app/settings");
  });

  it("is usable on a narrow window: the sidebar opens from the menu button", async () => {
    await page.setViewportSize({ width: 420, height: 800 });
    const sidebar = page.locator("#sidebar");
    await expect.poll(async () => (await sidebar.boundingBox())!.x + (await sidebar.boundingBox())!.width, WAIT).toBeLessThanOrEqual(0);
    await page.locator("#menu-toggle").click();
    await expect.poll(async () => (await sidebar.boundingBox())!.x, WAIT).toBe(0);
    await page.locator("#app-nav a", { hasText: "Settings" }).waitFor({ state: "visible", timeout: WAIT.timeout });
    await page.screenshot({ path: NARROW_SCREENSHOT });
    await page.locator("#app-nav a", { hasText: "Settings" }).click();
    await expect.poll(() => page.url(), WAIT).toBe(appPage("/app/settings"));
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it("logged no errors in the admin or the app", () => {
    // The 401s of the flaky and reauthorize endpoints are the point of their tests; browsers log every 4xx.
    expect(consoleErrors.filter((text) => !/favicon\.ico|\/api\/(flaky|reauthorize)\)$/.test(text))).toEqual([]);
  });
});
