import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalPaypal, type LocalPaypal } from "./create-local-paypal.ts";
import { paypalControlRoutes } from "./paypal-control-routes.ts";
import { openPaypalStateStore } from "./paypal-state.ts";

let directory: string;
let paypal: LocalPaypal;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "paypal-control-"));
  paypal = createLocalPaypal({ store: openPaypalStateStore(path.join(directory, "paypal-state.json")), autoProcess: false });
});

afterEach(async () => {
  await paypal.close();
  rmSync(directory, { recursive: true, force: true });
});

async function setChaos(body: unknown): Promise<Response> {
  return paypalControlRoutes(paypal).request("http://127.0.0.1/__devstore/paypal/chaos", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

describe("local PayPal controls: chaos", () => {
  it("changes only the settings sent: turning one switch leaves the others as they were", async () => {
    expect((await setChaos({ duplicateWebhooks: true, reverseWebhookOrder: true, webhookDelayMs: 4000, hang: { count: 2, when: "after", ms: 100 } })).status).toBe(200);
    expect((await setChaos({ webhookDelayMs: 0 })).status).toBe(200);
    expect(paypal.store.read().sandbox.chaos).toEqual({
      hang: { count: 2, when: "after", ms: 100 },
      serverError: null,
      rateLimit: null,
      webhookDelayMs: 0,
      duplicateWebhooks: true,
      reverseWebhookOrder: true,
    });
    // null turns a switch off; the live environment was never touched.
    expect((await setChaos({ hang: null })).status).toBe(200);
    expect(paypal.store.read().sandbox.chaos).toMatchObject({ hang: null, duplicateWebhooks: true, webhookDelayMs: 0 });
    expect(paypal.store.read().live.chaos.duplicateWebhooks).toBe(false);
  });

  it("refuses a malformed setting, naming it, and changes nothing", async () => {
    const response = await setChaos({ duplicateWebhooks: "yes" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("duplicateWebhooks");
    expect(paypal.store.read().sandbox.chaos.duplicateWebhooks).toBe(false);
  });
});
