/**
 * Records a shopper's click on a creator's referral link, from the theme embed's beacon through the app proxy.
 * Every outcome other than `recorded` records nothing, and the route answers 204 whatever happens: a beacon is
 * fire-and-forget, and nothing about a click may ever show an error to a shopper.
 *
 * Privacy: the IP address and user agent are stored only as HMAC-SHA256 keyed by the app secret, so repeats from one
 * visitor can be compared (fraud signals, rate limiting) but the values cannot be read back or looked up in a
 * rainbow table. The landing path loses its query string and the referrer keeps only its host.
 *
 * Risk signals (Part 8): a click from a data-centre address (isDataCentreIp) or with automation signatures that the
 * bot list lets through (isAutomatedBrowser: HeadlessChrome, webdriver, no Accept-Language…) is still recorded, and
 * marked (fromDataCentre / automated), so the click-spam rule can weigh it and a person can see it. Crawlers and link
 * previews are still not recorded at all (isBotUserAgent); a headless or scripted browser is not a crawler, though
 * the bot list names it too: someone is driving it through a creator's link, which is what click spam looks like, so
 * it is recorded and marked automated.
 */
import { createHmac } from "node:crypto";
import type { Database } from "../../db.server";
import { DEFAULT_CLICK_RATE_LIMIT, isBotUserAgent, parseClickBeacon } from "../../domain/clicks";
import { isAutomatedBrowser, isDataCentreIp } from "../../domain/fraud";
import { createTokenBucketLimiter, type TokenBucketLimiter } from "../../domain/rate-limit/create-token-bucket-limiter";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";

export type RecordClickOutcome = "recorded" | "duplicate" | "bot" | "invalid" | "rate_limited" | "unknown_ref" | "inactive_creator";

export interface RecordClickDeps {
  db: Database;
  /** The key derived for "ip-hash" (app/security/derive-key.server.ts), not the app secret itself. */
  hashKey: string | Buffer;
  limiter: TokenBucketLimiter;
}

export interface ClickRequest {
  shop: string;
  body: string;
  userAgent: string | null;
  /** The shopper's IP as the proxy forwarded it; null when unknown (all unknowns then share one bucket). */
  ip: string | null;
  /** The Accept-Language header (every real browser sends one); null when absent. */
  acceptLanguage?: string | null;
  now: Date;
}

/** One limiter per app process (see createTokenBucketLimiter for why in-process is enough). */
export const processClickRateLimiter = createTokenBucketLimiter(DEFAULT_CLICK_RATE_LIMIT);

export function hashVisitorSignal(hashKey: string | Buffer, kind: "ip" | "ua", value: string): string {
  // The kind prefix keeps an IP and a user agent that happen to be equal strings from hashing alike.
  return createHmac("sha256", hashKey).update(`${kind}:${value}`).digest("hex");
}

/**
 * The shopper's IP from the request Shopify's app proxy forwarded: the first X-Forwarded-For entry is the client
 * Shopify saw. It is only a rate-limit key and a hashed fraud signal, never a security decision.
 */
export function readClientIp(headers: Headers): string | null {
  const first = headers.get("X-Forwarded-For")?.split(",")[0]?.trim();
  return first ? first.slice(0, 100) : null;
}

/** Browser automation (headless or driven by a script), as opposed to a crawler; see the header comment. */
const SCRIPTED_BROWSER = /headlesschrome|phantomjs|puppeteer|playwright|selenium|webdriver|slimerjs|nightmare/i;

export async function recordClick(deps: RecordClickDeps, request: ClickRequest): Promise<RecordClickOutcome> {
  if (isBotUserAgent(request.userAgent) && !SCRIPTED_BROWSER.test(request.userAgent ?? "")) return "bot";
  const parsed = parseClickBeacon(request.body);
  if (!parsed.ok) return "invalid";
  const ipHash = hashVisitorSignal(deps.hashKey, "ip", request.ip ?? "unknown");
  // Before any database work, so a flood of beacons costs memory for one bucket, not queries.
  if (!deps.limiter.tryTake(`${request.shop}:${ipHash}`, request.now)) return "rate_limited";

  const { beacon } = parsed;
  const creator = await deps.db.creator.findUnique({
    where: { shop_refToken: { shop: request.shop, refToken: beacon.ref } },
    select: { id: true, status: true },
  });
  if (!creator) return "unknown_ref";
  // Only approved creators earn (app/domain/attribution), so only their clicks count.
  if (creator.status !== "approved") return "inactive_creator";
  try {
    await deps.db.click.create({
      data: {
        shop: request.shop,
        creatorId: creator.id,
        clickId: beacon.clickId,
        landingPath: beacon.landingPath,
        referrerHost: beacon.referrerHost,
        ipHash,
        userAgentHash: hashVisitorSignal(deps.hashKey, "ua", request.userAgent ?? ""),
        fromDataCentre: isDataCentreIp(request.ip),
        // Sec-CH-UA is not judged (left undefined): whether Shopify's app proxy passes client hints on is not
        // documented, and judging a header the proxy dropped would mark every Chrome click as automated.
        automated: isAutomatedBrowser({ userAgent: request.userAgent, acceptLanguage: request.acceptLanguage ?? null }),
        createdAt: request.now,
      },
    });
    return "recorded";
  } catch (error) {
    // (shop, clickId) is unique: the same beacon delivered twice is one click.
    if (isUniqueViolation(error)) return "duplicate";
    throw error;
  }
}
