/**
 * PayPal's webhook signature, checked offline (PayPal's "verify yourself" path, no call back to PayPal per event):
 *
 *   signed string = <PAYPAL-TRANSMISSION-ID>|<PAYPAL-TRANSMISSION-TIME>|<webhook id>|<CRC32 of the raw body, decimal>
 *   PAYPAL-TRANSMISSION-SIG = base64 SHA256withRSA signature of it, by the key of the certificate at PAYPAL-CERT-URL.
 *
 * The webhook id is the shop's own subscription (PayoutSettings.paypalWebhookId), so an event signed for another
 * PayPal account's webhook does not verify here. The certificate is fetched only over https from PayPal's API host
 * of the shop's environment (anything else is refused before any request is made: no SSRF through a header), cached
 * by URL, and must be a current certificate for messageverificationcerts.paypal.com. TLS to PayPal's host is what
 * vouches for the certificate (as in PayPal's own SDKs); the chain is not walked to a root here.
 *
 * node:crypto does the RSA and X.509 work; node:zlib's crc32 (Node 22) the checksum.
 */
import { X509Certificate, verify } from "node:crypto";
import { crc32 } from "node:zlib";
import type { PaypalEnvironmentName } from "./paypal-client.server";

export const PAYPAL_CERT_HOSTS: Readonly<Record<PaypalEnvironmentName, readonly string[]>> = {
  live: ["api-m.paypal.com", "api.paypal.com"],
  sandbox: ["api-m.sandbox.paypal.com", "api.sandbox.paypal.com"],
};

const CERT_SUBJECT = /(^|\n)CN=messageverificationcerts(\.sandbox)?\.paypal\.com(\n|$)/;
const MAX_CERT_BYTES = 32 * 1024;
const CERT_TIMEOUT_MS = 5_000;
const CACHE_MS = 24 * 3_600_000;

export type WebhookVerification = { ok: true } | { ok: false; reason: string };

type CachedCertificate = { certificate: X509Certificate; fetchedAt: number };
const certificateCache = new Map<string, CachedCertificate>();

export function clearPaypalCertificateCache(): void {
  certificateCache.clear();
}

export interface VerifyPaypalWebhookInput {
  headers: Headers;
  rawBody: Buffer;
  webhookId: string;
  environment: PaypalEnvironmentName;
  now: Date;
}

export async function verifyPaypalWebhook(input: VerifyPaypalWebhookInput): Promise<WebhookVerification> {
  const transmissionId = input.headers.get("paypal-transmission-id");
  const transmissionTime = input.headers.get("paypal-transmission-time");
  const signature = input.headers.get("paypal-transmission-sig");
  const certUrl = input.headers.get("paypal-cert-url");
  const algorithm = input.headers.get("paypal-auth-algo");
  if (!transmissionId || !transmissionTime || !signature || !certUrl || !algorithm) {
    return { ok: false, reason: "PayPal's signature headers (PAYPAL-TRANSMISSION-ID, -TIME, -SIG, PAYPAL-CERT-URL, PAYPAL-AUTH-ALGO) are missing." };
  }
  if (algorithm !== "SHA256withRSA") return { ok: false, reason: `PAYPAL-AUTH-ALGO ${algorithm} is not SHA256withRSA.` };
  const allowed = checkCertUrl(certUrl, input.environment);
  if (!allowed.ok) return allowed;

  const certificate = await loadCertificate(allowed.url, input.now);
  if (!certificate.ok) return certificate;

  const signed = `${transmissionId}|${transmissionTime}|${input.webhookId}|${crc32(input.rawBody)}`;
  let valid = false;
  try {
    valid = verify("sha256", Buffer.from(signed, "utf8"), certificate.certificate.publicKey, Buffer.from(signature, "base64"));
  } catch {
    valid = false;
  }
  return valid ? { ok: true } : { ok: false, reason: "The signature does not match this body and this shop's PayPal webhook id." };
}

function checkCertUrl(text: string, environment: PaypalEnvironmentName): { ok: true; url: URL } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: "PAYPAL-CERT-URL is not a URL." };
  }
  if (url.protocol !== "https:" || url.username || url.password || (url.port && url.port !== "443")) {
    return { ok: false, reason: "PAYPAL-CERT-URL must be a plain https URL." };
  }
  if (!PAYPAL_CERT_HOSTS[environment].includes(url.hostname)) {
    return { ok: false, reason: `PAYPAL-CERT-URL's host ${url.hostname} is not PayPal's ${environment} API host.` };
  }
  if (!url.pathname.startsWith("/v1/notifications/certs/")) return { ok: false, reason: "PAYPAL-CERT-URL is not a PayPal certificate path." };
  return { ok: true, url };
}

async function loadCertificate(url: URL, now: Date): Promise<{ ok: true; certificate: X509Certificate } | { ok: false; reason: string }> {
  const key = url.toString();
  const cached = certificateCache.get(key);
  const certificate = cached && now.getTime() - cached.fetchedAt < CACHE_MS ? cached.certificate : await downloadCertificate(url);
  if (!(certificate instanceof X509Certificate)) return certificate;
  if (!CERT_SUBJECT.test(certificate.subject)) {
    return { ok: false, reason: `The certificate at PAYPAL-CERT-URL is not PayPal's message verification certificate (${certificate.subject.replace(/\n/g, ", ")}).` };
  }
  if (Date.parse(certificate.validFrom) > now.getTime() || Date.parse(certificate.validTo) < now.getTime()) {
    return { ok: false, reason: "The certificate at PAYPAL-CERT-URL is not valid now." };
  }
  if (!cached || cached.certificate !== certificate) certificateCache.set(key, { certificate, fetchedAt: now.getTime() });
  return { ok: true, certificate };
}

async function downloadCertificate(url: URL): Promise<X509Certificate | { ok: false; reason: string }> {
  try {
    const response = await fetch(url, { redirect: "error", signal: AbortSignal.timeout(CERT_TIMEOUT_MS) });
    if (!response.ok) return { ok: false, reason: `PayPal answered ${response.status} for the certificate.` };
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_CERT_BYTES) return { ok: false, reason: "The certificate at PAYPAL-CERT-URL is too large." };
    // PayPal serves the leaf first, then its chain: the leaf's key signed the message.
    return new X509Certificate(bytes);
  } catch (error) {
    return { ok: false, reason: `The certificate at PAYPAL-CERT-URL could not be read (${error instanceof Error ? error.message : String(error)}).` };
  }
}
