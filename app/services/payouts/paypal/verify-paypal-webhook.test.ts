import { createPrivateKey, sign } from "node:crypto";
import { crc32 } from "node:zlib";
import { generate } from "selfsigned";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { clearPaypalCertificateCache, verifyPaypalWebhook } from "./verify-paypal-webhook.server";

const NOW = new Date();
const CERT_URL = "https://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-test";
const BODY = Buffer.from(JSON.stringify({ id: "WH-1", event_type: "PAYMENT.PAYOUTS-ITEM.SUCCEEDED" }));

type Keys = { private: string; cert: string };
let paypalKeys: Keys;
let strangerKeys: Keys;
let expiredKeys: Keys;

async function keys(commonName: string, notAfterDate = new Date(NOW.getTime() + 86_400_000)): Promise<Keys> {
  const generated = await generate([{ name: "commonName", value: commonName }], { keySize: 2048, notBeforeDate: new Date(NOW.getTime() - 2 * 86_400_000), notAfterDate });
  return { private: generated.private, cert: generated.cert };
}

function headers(privateKey: string, webhookId: string, overrides: Record<string, string> = {}): Headers {
  const id = "b7d3f1a0-0000-11ef-9000-000000000001";
  const time = NOW.toISOString();
  const signature = sign("sha256", Buffer.from(`${id}|${time}|${webhookId}|${crc32(BODY)}`), createPrivateKey(privateKey)).toString("base64");
  return new Headers({
    "paypal-transmission-id": id,
    "paypal-transmission-time": time,
    "paypal-transmission-sig": signature,
    "paypal-cert-url": CERT_URL,
    "paypal-auth-algo": "SHA256withRSA",
    ...overrides,
  });
}

let served: string;
const fetchSpy = vi.fn(async () => new Response(served, { status: 200 }));

beforeAll(async () => {
  [paypalKeys, strangerKeys, expiredKeys] = await Promise.all([
    keys("messageverificationcerts.paypal.com"),
    keys("messageverificationcerts.paypal.com.example.com"),
    keys("messageverificationcerts.paypal.com", new Date(NOW.getTime() - 86_400_000)),
  ]);
});
beforeEach(() => {
  clearPaypalCertificateCache();
  fetchSpy.mockClear();
  served = paypalKeys.cert;
  vi.stubGlobal("fetch", fetchSpy);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

const verifyWith = (requestHeaders: Headers, webhookId = "WEBHOOK1", environment: "sandbox" | "live" = "sandbox", rawBody = BODY) =>
  verifyPaypalWebhook({ headers: requestHeaders, rawBody, webhookId, environment, now: NOW });

describe("verifyPaypalWebhook", () => {
  it("accepts PayPal's signature over id|time|webhook id|crc32(body), and caches the certificate", async () => {
    expect(await verifyWith(headers(paypalKeys.private, "WEBHOOK1"))).toEqual({ ok: true });
    expect(await verifyWith(headers(paypalKeys.private, "WEBHOOK1"))).toEqual({ ok: true });
    expect(fetchSpy).toHaveBeenCalledTimes(1);
    expect(String((fetchSpy.mock.calls[0] as unknown[])[0])).toBe(CERT_URL);
  });

  it("refuses another webhook id, another body, another key", async () => {
    expect(await verifyWith(headers(paypalKeys.private, "WEBHOOK1"), "OTHERHOOK")).toMatchObject({ ok: false });
    expect(await verifyWith(headers(paypalKeys.private, "WEBHOOK1"), "WEBHOOK1", "sandbox", Buffer.from(`${BODY.toString()} `))).toMatchObject({ ok: false });
    expect(await verifyWith(headers(strangerKeys.private, "WEBHOOK1"))).toMatchObject({ ok: false });
  });

  it.each([
    ["a foreign host", "https://evil.example.com/v1/notifications/certs/CERT-1"],
    ["plain http", "http://api-m.sandbox.paypal.com/v1/notifications/certs/CERT-1"],
    ["the live host for a sandbox shop", "https://api-m.paypal.com/v1/notifications/certs/CERT-1"],
    ["a look-alike host", "https://api-m.sandbox.paypal.com.evil.example/v1/notifications/certs/CERT-1"],
    ["another path on PayPal's host", "https://api-m.sandbox.paypal.com/v1/oauth2/token"],
  ])("never downloads a certificate from %s", async (_label, url) => {
    expect(await verifyWith(headers(paypalKeys.private, "WEBHOOK1", { "paypal-cert-url": url }))).toMatchObject({ ok: false });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("refuses a certificate that is not PayPal's message verification certificate, or not valid now", async () => {
    served = strangerKeys.cert;
    expect(await verifyWith(headers(strangerKeys.private, "WEBHOOK1"))).toMatchObject({ ok: false, reason: expect.stringContaining("not PayPal's message verification certificate") });
    clearPaypalCertificateCache();
    served = expiredKeys.cert;
    expect(await verifyWith(headers(expiredKeys.private, "WEBHOOK1"))).toMatchObject({ ok: false, reason: expect.stringContaining("not valid now") });
  });

  it("refuses missing headers and another algorithm", async () => {
    const missing = headers(paypalKeys.private, "WEBHOOK1");
    missing.delete("paypal-transmission-id");
    expect(await verifyWith(missing)).toMatchObject({ ok: false });
    expect(await verifyWith(headers(paypalKeys.private, "WEBHOOK1", { "paypal-auth-algo": "SHA1withRSA" }))).toMatchObject({ ok: false });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
