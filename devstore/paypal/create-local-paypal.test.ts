import { X509Certificate, verify } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32 } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DAY_MS, createLocalPaypal, validatePayoutRequest, type LocalPaypal } from "./create-local-paypal.ts";
import { openPaypalStateStore } from "./paypal-state.ts";

const SANDBOX = "https://api-m.sandbox.paypal.com";
const LIVE = "https://api-m.paypal.com";
const CLIENT = { id: "AffableDemo-sandbox-client", secret: "EDemo-sandbox-secret-0000" };

type Received = { headers: Headers; body: string };
/** PayPal's JSON answers, read loosely: the assertions below say what they must contain. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads of arbitrary JSON
type Answer = any;

let directory: string;
let paypal: LocalPaypal;
let received: Received[];

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "paypal-test-"));
  received = [];
  paypal = createLocalPaypal({
    store: openPaypalStateStore(path.join(directory, "paypal-state.json")),
    autoProcess: false,
    webhookRetryMs: 1,
    fetch: async (_url, init) => {
      received.push({ headers: new Headers(init?.headers), body: String(init?.body) });
      return new Response(null, { status: 200 });
    },
  });
});

afterEach(async () => {
  await paypal.close();
  rmSync(directory, { recursive: true, force: true });
});

async function token(origin = SANDBOX, client = CLIENT): Promise<string> {
  const response = await paypal.app.request(`${origin}/v1/oauth2/token`, {
    method: "POST",
    headers: { authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`, "content-type": "application/x-www-form-urlencoded" },
    body: "grant_type=client_credentials",
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

function payoutBody(senderBatchId: string, items: { receiver: string; value: string; currency?: string; id?: string }[]): string {
  return JSON.stringify({
    sender_batch_header: { sender_batch_id: senderBatchId, email_subject: "You have a payout", email_message: "Thanks!" },
    items: items.map((item, index) => ({
      recipient_type: "EMAIL",
      amount: { value: item.value, currency: item.currency ?? "USD" },
      receiver: item.receiver,
      note: "Affable commissions",
      sender_item_id: item.id ?? `AFF-item-${index}`,
    })),
  });
}

async function api(pathname: string, bearer: string, init: RequestInit = {}, origin = SANDBOX): Promise<{ status: number; body: Answer }> {
  const response = await paypal.app.request(`${origin}${pathname}`, {
    ...init,
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json", ...(init.headers as Record<string, string>) },
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

function balance(environment: "sandbox" | "live" = "sandbox", currency = "USD"): bigint {
  return BigInt(paypal.store.read()[environment].accounts[0]!.balances[currency] ?? "0");
}

describe("local PayPal: OAuth2 client credentials", () => {
  it("answers a token with expires_in for the right secret, and invalid_client for a wrong one", async () => {
    const good = await paypal.app.request(`${SANDBOX}/v1/oauth2/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64")}` },
      body: "grant_type=client_credentials",
    });
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ token_type: "Bearer", expires_in: 32400, access_token: expect.stringMatching(/^A21AA/) });

    const bad = await paypal.app.request(`${SANDBOX}/v1/oauth2/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT.id}:wrong`).toString("base64")}` },
      body: "grant_type=client_credentials",
    });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({ error: "invalid_client", error_description: "Client Authentication failed" });
  });

  it("keeps sandbox and live apart: sandbox credentials do not open live", async () => {
    const live = await paypal.app.request(`${LIVE}/v1/oauth2/token`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`${CLIENT.id}:${CLIENT.secret}`).toString("base64")}` },
      body: "grant_type=client_credentials",
    });
    expect(live.status).toBe(401);
    const sandboxToken = await token();
    expect((await api("/v1/payments/payouts/NOPE", sandboxToken, {}, LIVE)).status).toBe(401);
  });

  it("refuses a missing or expired token with AUTHENTICATION_FAILURE", async () => {
    const missing = await api("/v1/payments/payouts/X", "nope");
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ name: "AUTHENTICATION_FAILURE", debug_id: expect.any(String) });
    const bearer = await token();
    paypal.advance(32_401_000);
    expect((await api("/v1/payments/payouts/X", bearer)).status).toBe(401);
  });
});

describe("local PayPal: create batch payout", () => {
  it("answers 201 PENDING, holds the total from the balance, then pays items SUCCESS with a batch SUCCESS", async () => {
    const bearer = await token();
    const before = balance();
    const created = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-run1-1", [{ receiver: "a@example.com", value: "10.00" }, { receiver: "b@example.com", value: "5.25" }]) });
    expect(created.status).toBe(201);
    expect(created.body.batch_header).toMatchObject({ batch_status: "PENDING", sender_batch_header: { sender_batch_id: "AFF-run1-1" } });
    expect(balance()).toBe(before - 1525n);

    paypal.process();
    const batch = await api(`/v1/payments/payouts/${created.body.batch_header.payout_batch_id}`, bearer);
    expect(batch.status).toBe(200);
    expect(batch.body.batch_header).toMatchObject({ batch_status: "SUCCESS", amount: { currency: "USD", value: "15.25" } });
    expect(batch.body.items.map((item: Answer) => [item.payout_item.sender_item_id, item.transaction_status])).toEqual([
      ["AFF-item-0", "SUCCESS"],
      ["AFF-item-1", "SUCCESS"],
    ]);
    const item = await api(`/v1/payments/payouts-item/${batch.body.items[0].payout_item_id}`, bearer);
    expect(item.body).toMatchObject({ transaction_status: "SUCCESS", transaction_id: expect.any(String), payout_item: { receiver: "a@example.com", amount: { value: "10.00" } } });
    expect(balance()).toBe(before - 1525n);
  });

  it("rejects a sender_batch_id used before with USER_BUSINESS_ERROR and a link to the first batch; pays once", async () => {
    const bearer = await token();
    const before = balance();
    const first = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-dup-1", [{ receiver: "a@example.com", value: "3.00" }]) });
    const again = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-dup-1", [{ receiver: "a@example.com", value: "3.00" }]) });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      name: "USER_BUSINESS_ERROR",
      details: [{ field: "SENDER_BATCH_ID", issue: "Batch with given sender_batch_id already exists" }],
      links: [{ href: `${SANDBOX}/v1/payments/payouts/${first.body.batch_header.payout_batch_id}`, rel: "self" }],
    });
    expect(balance()).toBe(before - 300n);
    expect(paypal.store.read().sandbox.batches).toHaveLength(1);
  });

  it("answers a repeated PayPal-Request-Id with the first response, without a second batch", async () => {
    const bearer = await token();
    const body = payoutBody("AFF-req-1", [{ receiver: "a@example.com", value: "3.00" }]);
    const first = await api("/v1/payments/payouts", bearer, { method: "POST", body, headers: { "paypal-request-id": "AFF-req-1" } });
    const second = await api("/v1/payments/payouts", bearer, { method: "POST", body, headers: { "paypal-request-id": "AFF-req-1" } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(paypal.store.read().sandbox.batches).toHaveLength(1);
  });

  it("refuses a batch the balance does not cover with 422 INSUFFICIENT_FUNDS and takes nothing", async () => {
    const bearer = await token();
    paypal.store.update((draft) => void (draft.sandbox.accounts[0]!.balances.USD = "500"));
    const created = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-poor-1", [{ receiver: "a@example.com", value: "5.01" }]) });
    expect(created.status).toBe(422);
    expect(created.body).toMatchObject({ name: "INSUFFICIENT_FUNDS" });
    expect(balance()).toBe(500n);
  });

  it.each([
    ["three decimals in USD", [{ receiver: "a@example.com", value: "1.005" }], "items[0].amount.value"],
    ["decimals in JPY", [{ receiver: "a@example.com", value: "100.5", currency: "JPY" }], "items[0].amount.value"],
    ["an unsupported currency", [{ receiver: "a@example.com", value: "1.00", currency: "XYZ" }], "items[0].amount.currency"],
    ["a malformed email", [{ receiver: "not-an-email", value: "1.00" }], "items[0].receiver"],
    ["two currencies in one batch", [{ receiver: "a@example.com", value: "1.00" }, { receiver: "b@example.com", value: "1.00", currency: "EUR", id: "x" }], "items[].amount.currency"],
    ["a zero amount", [{ receiver: "a@example.com", value: "0.00" }], "items[0].amount.value"],
  ])("answers 400 VALIDATION_ERROR naming the field for %s", async (_name, items, field) => {
    const bearer = await token();
    const created = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-bad", items) });
    expect(created.status).toBe(400);
    expect(created.body).toMatchObject({ name: "VALIDATION_ERROR", details: [expect.objectContaining({ field, location: "body" })] });
  });

  it("caps a batch at 15,000 items", () => {
    const item = { recipient_type: "EMAIL", amount: { value: "1.00", currency: "USD" }, receiver: "a@example.com" };
    const atCap = validatePayoutRequest({ sender_batch_header: { sender_batch_id: "x" }, items: Array.from({ length: 15_000 }, () => item) });
    const overCap = validatePayoutRequest({ sender_batch_header: { sender_batch_id: "x" }, items: Array.from({ length: 15_001 }, () => item) });
    expect(atCap.ok).toBe(true);
    expect(overCap).toEqual({ ok: false, details: [expect.objectContaining({ field: "items", issue: expect.stringContaining("15000") })] });
  });

  it("reads the JPY amount exactly (no decimals) and holds it in yen", async () => {
    const bearer = await token();
    const before = balance("sandbox", "JPY");
    const created = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-jpy", [{ receiver: "a@example.com", value: "1500", currency: "JPY" }]) });
    expect(created.status).toBe(201);
    expect(balance("sandbox", "JPY")).toBe(before - 1500n);
  });
});

describe("local PayPal: receivers, unclaimed and returned", () => {
  it("leaves a payout to an email without an account UNCLAIMED (RECEIVER_UNREGISTERED), RETURNED after 30 days with the money back", async () => {
    const bearer = await token();
    paypal.store.update((draft) => void (draft.sandbox.receivers["nobody@example.com"] = "unclaimed"));
    const before = balance();
    const created = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-unclaimed", [{ receiver: "Nobody@example.com", value: "7.00" }]) });
    paypal.process();
    const batch = await api(`/v1/payments/payouts/${created.body.batch_header.payout_batch_id}`, bearer);
    expect(batch.body.items[0]).toMatchObject({ transaction_status: "UNCLAIMED", errors: { name: "RECEIVER_UNREGISTERED" } });
    expect(balance()).toBe(before - 700n);

    // Tokens live 9 hours: a month later the app asks for a new one.
    paypal.advance(29 * DAY_MS);
    expect((await api(`/v1/payments/payouts-item/${batch.body.items[0].payout_item_id}`, await token())).body.transaction_status).toBe("UNCLAIMED");
    paypal.advance(1 * DAY_MS);
    expect((await api(`/v1/payments/payouts-item/${batch.body.items[0].payout_item_id}`, await token())).body.transaction_status).toBe("RETURNED");
    expect(balance()).toBe(before);
  });

  it("fails an item to a locked account and gives the money back", async () => {
    const bearer = await token();
    paypal.store.update((draft) => void (draft.sandbox.receivers["locked@example.com"] = "failed"));
    const before = balance();
    await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-fail", [{ receiver: "locked@example.com", value: "2.00" }, { receiver: "ok@example.com", value: "1.00" }]) });
    paypal.process();
    const statuses = paypal.store.read().sandbox.items.map((item) => [item.payout_item.receiver, item.transaction_status, item.errors?.name ?? null]);
    expect(statuses).toEqual([
      ["locked@example.com", "FAILED", "RECEIVER_ACCOUNT_LOCKED"],
      ["ok@example.com", "SUCCESS", null],
    ]);
    expect(balance()).toBe(before - 100n);
  });
});

describe("local PayPal: chaos", () => {
  it("answers the next request 503 and stores nothing; the retry with the same sender_batch_id is accepted", async () => {
    const bearer = await token();
    paypal.store.update((draft) => void (draft.sandbox.chaos.serverError = { count: 1, status: 503 }));
    const body = payoutBody("AFF-chaos", [{ receiver: "a@example.com", value: "1.00" }]);
    const failed = await api("/v1/payments/payouts", bearer, { method: "POST", body });
    expect(failed.status).toBe(503);
    expect(failed.body).toMatchObject({ name: "INTERNAL_SERVER_ERROR" });
    expect(paypal.store.read().sandbox.batches).toHaveLength(0);
    expect((await api("/v1/payments/payouts", bearer, { method: "POST", body })).status).toBe(201);
  });

  it("answers 429 RATE_LIMIT_REACHED when told", async () => {
    const bearer = await token();
    paypal.store.update((draft) => void (draft.sandbox.chaos.rateLimit = { count: 1 }));
    expect((await api("/v1/payments/payouts/X", bearer)).status).toBe(429);
    expect((await api("/v1/payments/payouts/X", bearer)).status).toBe(404);
  });

  it("stores the batch and then hangs (hang after): the answer comes late, the batch exists", async () => {
    const bearer = await token();
    paypal.store.update((draft) => void (draft.sandbox.chaos.hang = { count: 1, when: "after", ms: 50 }));
    const started = Date.now();
    const created = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-hang", [{ receiver: "a@example.com", value: "1.00" }]) });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(created.status).toBe(201);
    expect(paypal.store.read().sandbox.batches).toHaveLength(1);
  });

  it("a hang aimed at one method and path holds only those requests: the others pass and do not use it up", async () => {
    const bearer = await token();
    const created = await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-aim", [{ receiver: "a@example.com", value: "1.00" }]) });
    const batchId = created.body.batch_header.payout_batch_id as string;
    paypal.store.update((draft) => void (draft.sandbox.chaos.hang = { count: 1, when: "after", ms: 200, method: "GET", path: `/v1/payments/payouts/${batchId}` }));

    expect((await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-aim-2", [{ receiver: "b@example.com", value: "1.00" }]) })).status).toBe(201);
    expect((await api("/v1/payments/payouts/OTHERBATCH", bearer)).status).toBe(404);
    expect(paypal.store.read().sandbox.chaos.hang?.count).toBe(1);

    const started = Date.now();
    expect((await api(`/v1/payments/payouts/${batchId}`, bearer)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(paypal.store.read().sandbox.chaos.hang?.count).toBe(0);
  });
});

describe("local PayPal: webhooks", () => {
  it("sends PAYMENT.PAYOUTS-ITEM.SUCCEEDED signed SHA256withRSA over id|time|webhook id|crc32, verifiable with the served cert", async () => {
    const bearer = await token();
    const subscribed = await api("/v1/notifications/webhooks", bearer, { method: "POST", body: JSON.stringify({ url: "https://app.example.com/webhooks/paypal/shop-1", event_types: [{ name: "*" }] }) });
    expect(subscribed.status).toBe(201);
    const webhookId = subscribed.body.id as string;

    await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-hook", [{ receiver: "a@example.com", value: "4.00" }]) });
    paypal.process();
    await paypal.idle();

    const types = received.map((delivery) => JSON.parse(delivery.body).event_type);
    expect(types).toEqual(["PAYMENT.PAYOUTS-ITEM.SUCCEEDED", "PAYMENT.PAYOUTSBATCH.SUCCESS"]);
    const delivery = received[0]!;
    const certUrl = new URL(delivery.headers.get("paypal-cert-url")!);
    expect(certUrl.hostname).toBe("api-m.sandbox.paypal.com");
    expect(delivery.headers.get("paypal-auth-algo")).toBe("SHA256withRSA");
    const certificate = await paypal.app.request(certUrl.toString());
    expect(certificate.status).toBe(200);
    const x509 = new X509Certificate(await certificate.text());
    const signed = `${delivery.headers.get("paypal-transmission-id")}|${delivery.headers.get("paypal-transmission-time")}|${webhookId}|${crc32(Buffer.from(delivery.body))}`;
    const signature = Buffer.from(delivery.headers.get("paypal-transmission-sig")!, "base64");
    expect(verify("sha256", Buffer.from(signed), x509.publicKey, signature)).toBe(true);
    expect(verify("sha256", Buffer.from(signed.replace(webhookId, "OTHERWEBHOOK")), x509.publicKey, signature)).toBe(false);
    expect(JSON.parse(delivery.body).resource).toMatchObject({ transaction_status: "SUCCESS", payout_item: { sender_item_id: "AFF-item-0" } });
  });

  it("duplicates and reverses webhooks when the chaos switch says so", async () => {
    const bearer = await token();
    await api("/v1/notifications/webhooks", bearer, { method: "POST", body: JSON.stringify({ url: "https://app.example.com/h", event_types: [{ name: "*" }] }) });
    paypal.store.update((draft) => void (draft.sandbox.chaos = { ...draft.sandbox.chaos, duplicateWebhooks: true, reverseWebhookOrder: true }));
    await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-chaos-hooks", [{ receiver: "a@example.com", value: "4.00" }]) });
    paypal.process();
    await paypal.idle();
    const events = received.map((delivery) => JSON.parse(delivery.body) as { id: string; event_type: string });
    expect(events.map((event) => event.event_type)).toEqual([
      "PAYMENT.PAYOUTSBATCH.SUCCESS",
      "PAYMENT.PAYOUTSBATCH.SUCCESS",
      "PAYMENT.PAYOUTS-ITEM.SUCCEEDED",
      "PAYMENT.PAYOUTS-ITEM.SUCCEEDED",
    ]);
    expect(events[0]!.id).toBe(events[1]!.id);
    expect(received[0]!.headers.get("paypal-transmission-id")).not.toBe(received[1]!.headers.get("paypal-transmission-id"));
  });

  it("persists: a new local PayPal on the same file knows the batch and refuses its sender_batch_id", async () => {
    const bearer = await token();
    await api("/v1/payments/payouts", bearer, { method: "POST", body: payoutBody("AFF-persist", [{ receiver: "a@example.com", value: "1.00" }]) });
    const reopened = createLocalPaypal({ store: openPaypalStateStore(path.join(directory, "paypal-state.json")), autoProcess: false });
    try {
      const again = await reopened.app.request(`${SANDBOX}/v1/payments/payouts`, {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: payoutBody("AFF-persist", [{ receiver: "a@example.com", value: "1.00" }]),
      });
      expect(again.status).toBe(400);
    } finally {
      await reopened.close();
    }
  });
});
