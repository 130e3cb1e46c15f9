import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SHOP_DOMAIN } from "../config.ts";
import { startDevstore, type RunningDevstore } from "../server.ts";
import { shellRoutes } from "../shell/routes.ts";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { startWebhookReceiver, type WebhookReceiver } from "../test-support/start-webhook-receiver.ts";
import type { WebhookDeliverer } from "./create-webhook-deliverer.ts";

const ADMIN_ORIGIN = "http://localhost:4000";
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(): Promise<WebhookReceiver> {
  const started = await startWebhookReceiver(TEST_APP.apiSecret);
  cleanups.push(() => started.close());
  return started;
}

function devstoreFor(target: WebhookReceiver, stateDirectory?: string): TestDevstore {
  const devstore = createTestDevstore({ stateDirectory, webhooks: { appUrl: target.url, retryScale: 1e-5 } });
  cleanups.push(async () => {
    await devstore.context.webhooks?.close();
    if (!stateDirectory) devstore.cleanup();
  });
  return devstore;
}

const SHOP_QUERY = "{ shop { name } }";

describe("uninstalling the app from the admin's Apps page", () => {
  it("revokes its tokens and delivers app/uninstalled with the shop as payload", async () => {
    const target = await receiver();
    const devstore = devstoreFor(target);
    const webhooks = devstore.context.webhooks as WebhookDeliverer;
    const token = (await devstore.offlineToken()).access_token;
    expect((await devstore.graphql(SHOP_QUERY, { token })).status).toBe(200);

    const shell = shellRoutes(devstore.context);
    const page = await shell.request(`${ADMIN_ORIGIN}/store/affable-demo/settings/apps`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="uninstall-app"');
    expect(html).toContain("write_discounts");
    const cookie = (page.headers.get("set-cookie") ?? "").split(";")[0] ?? "";

    // Another origin cannot uninstall through the staff member's cookie.
    const forged = await shell.request(`${ADMIN_ORIGIN}/store/affable-demo/settings/apps/uninstall`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: "http://evil.example" },
    });
    expect(forged.status).toBe(403);
    expect(devstore.context.state.read().installations).toHaveLength(1);

    const uninstalled = await shell.request(`${ADMIN_ORIGIN}/store/affable-demo/settings/apps/uninstall`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: ADMIN_ORIGIN },
    });
    expect(uninstalled.status).toBe(303);
    expect(uninstalled.headers.get("location")).toBe("/store/affable-demo/settings/apps?uninstalled=1");
    await webhooks.idle();

    const state = devstore.context.state.read();
    expect(state.installations).toHaveLength(0);
    expect(state.accessTokens).toHaveLength(0);
    expect(state.refreshTokens).toHaveLength(0);
    expect((await devstore.graphql(SHOP_QUERY, { token })).status).toBe(401);

    expect(target.received).toHaveLength(1);
    const [hit] = target.received;
    expect(hit?.path).toBe("/webhooks/app/uninstalled");
    expect(hit?.hmacValid).toBe(true);
    expect(hit?.headers["x-shopify-topic"]).toBe("app/uninstalled");
    const payload = JSON.parse(hit?.body ?? "{}") as Record<string, unknown>;
    expect(payload).toMatchObject({ id: state.shop.id, name: state.shop.name, myshopify_domain: SHOP_DOMAIN, currency: state.shop.currencyCode });
    expect(typeof payload.iana_timezone).toBe("string");

    const after = await (await shell.request(`${ADMIN_ORIGIN}/store/affable-demo/settings/apps?uninstalled=1`, { headers: { Cookie: cookie } })).text();
    expect(after).toContain("was uninstalled");
    expect(after).toContain("is not installed");
  });

  it("sends nothing when the app is not installed", async () => {
    const target = await receiver();
    const devstore = devstoreFor(target);
    const response = await devstore.app.request(`${ADMIN_ORIGIN}/__devstore/app/uninstall`, { method: "POST" });
    expect(await response.json()).toEqual({ uninstalled: false, revokedTokens: 0, delivery: null });
    expect(devstore.context.state.read().webhookDeliveries).toHaveLength(0);
  });
});

describe("app/scopes_update", () => {
  it("is delivered at start when the declared scopes differ from the stored grant", async () => {
    const target = await receiver();
    const directory = mkdtempSync(path.join(tmpdir(), "devstore-scopes-"));
    cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
    const first = devstoreFor(target, directory);
    await first.offlineToken();
    await first.context.webhooks?.close();

    const running: RunningDevstore = await startDevstore({
      app: { ...TEST_APP, scopes: [...TEST_APP.scopes, "read_orders"] },
      appUrl: "http://localhost:4001",
      ports: { admin: 0, tunnel: 0, app: 3000 },
      stateFile: first.stateFile,
      shell: false,
      tunnel: false,
      webhooks: { appUrl: target.url, retryScale: 1e-5 },
      log: () => undefined,
    });
    cleanups.push(() => running.close());
    await running.context.webhooks?.idle();

    const scopeHits = target.received.filter((hit) => hit.headers["x-shopify-topic"] === "app/scopes_update");
    expect(scopeHits).toHaveLength(1);
    expect(scopeHits[0]?.path).toBe("/webhooks/app/scopes_update");
    const installation = running.context.state.read().installations[0];
    expect(JSON.parse(scopeHits[0]?.body ?? "{}")).toEqual({
      id: `gid://shopify/AppInstallation/${installation?.id}`,
      previous: TEST_APP.scopes,
      current: [...TEST_APP.scopes, "read_orders"],
      updated_at: installation?.updatedAt,
    });
  });
});

describe("the admin's Webhooks page", () => {
  it("lists deliveries newest first with status, attempt codes and a Redeliver button that works", async () => {
    const target = await receiver();
    const devstore = devstoreFor(target);
    const webhooks = devstore.context.webhooks as WebhookDeliverer;
    target.answerWith(500);
    webhooks.deliver({ topic: "orders/create", payload: { id: 1 } });
    await webhooks.idle();
    webhooks.deliver({ topic: "orders/paid", payload: { id: 1 } });
    await webhooks.idle();

    const shell = shellRoutes(devstore.context);
    const response = await shell.request(`${ADMIN_ORIGIN}/store/affable-demo/webhooks`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/<a class="nav-item" href="\/store\/affable-demo\/webhooks" aria-current="page">.*Webhooks \(local\)/);
    expect(html.indexOf('data-topic="orders/paid"')).toBeLessThan(html.indexOf('data-topic="orders/create"'));
    expect(html).toContain("500 → 200");
    expect(html).toContain("Delivered");

    const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const id = devstore.context.state.read().webhookDeliveries.find((delivery) => delivery.topic === "orders/create")?.id;
    expect(html).toContain(`action="/store/affable-demo/webhooks/${id}/redeliver"`);
    const redeliver = await shell.request(`${ADMIN_ORIGIN}/store/affable-demo/webhooks/${id}/redeliver`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: ADMIN_ORIGIN },
    });
    expect(redeliver.status).toBe(303);
    await webhooks.idle();
    expect(target.received).toHaveLength(4);
    const page = await (await shell.request(`${ADMIN_ORIGIN}/store/affable-demo/webhooks`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain("500 → 200 → 200 (manual)");
  });
});
