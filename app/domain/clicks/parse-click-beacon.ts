import { z } from "zod";

/** What a referral ref token may look like; the theme embed applies the same pattern before sending anything. */
export const REF_TOKEN_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The beacon body is at most this long: anything bigger is not ours (and not worth parsing). */
export const MAX_BEACON_BYTES = 4096;

const clickBeaconSchema = z.object({
  ref: z.string().regex(REF_TOKEN_PATTERN),
  // crypto.randomUUID(), or the embed's fallback (base-36 time + random): URL-safe, short.
  clickId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  path: z.string().max(2000).default("/"),
  referrer: z.string().max(4000).default(""),
});

export interface ClickBeacon {
  readonly ref: string;
  readonly clickId: string;
  /** The landing path, without query or fragment (a query may carry personal data). */
  readonly landingPath: string;
  /** Only the referring site's host is kept. */
  readonly referrerHost: string | null;
}

export type ParseClickBeaconResult = { ok: true; beacon: ClickBeacon } | { ok: false; reason: string };

function readLandingPath(path: string): string {
  const withoutQuery = path.split(/[?#]/)[0] ?? "";
  return withoutQuery.startsWith("/") ? withoutQuery.slice(0, 500) : "/";
}

function readReferrerHost(referrer: string): string | null {
  if (referrer === "") return null;
  try {
    const url = new URL(referrer);
    return url.protocol === "https:" || url.protocol === "http:" ? url.hostname.slice(0, 255) || null : null;
  } catch {
    return null;
  }
}

/**
 * Reads the theme embed's click beacon (sent with navigator.sendBeacon as text/plain JSON). Never throws: a body that
 * is not the beacon's shape is a reason, and the route records nothing.
 */
export function parseClickBeacon(body: string): ParseClickBeaconResult {
  if (body.length > MAX_BEACON_BYTES) return { ok: false, reason: `the body is over ${MAX_BEACON_BYTES} bytes` };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { ok: false, reason: "the body is not JSON" };
  }
  const parsed = clickBeaconSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `the body is not a click beacon (${parsed.error.issues.map((issue) => issue.path.join(".")).join(", ")})` };
  return {
    ok: true,
    beacon: {
      ref: parsed.data.ref,
      clickId: parsed.data.clickId,
      landingPath: readLandingPath(parsed.data.path),
      referrerHost: readReferrerHost(parsed.data.referrer),
    },
  };
}
