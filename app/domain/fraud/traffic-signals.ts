/*
 * What an order's landing page, referrer and a click's request say about where the visitor came from: ad click ids
 * (paid traffic), the referring domain (coupon sites), data-centre addresses and automated browsers (click spam).
 * Pure: callers pass the raw strings and headers.
 */
import ipaddr from "ipaddr.js";
import { isbot } from "isbot";
import { DATA_CENTRE_RANGES } from "./data-centre-ranges";

export { COUPON_SITES, matchCouponSite, buildCouponSiteSet } from "./coupon-sites";

/** Search-ad click ids: present only when the visitor clicked a paid search ad (Google Ads, Microsoft Ads). */
export const SEARCH_AD_CLICK_IDS = ["gclid", "gbraid", "wbraid", "msclkid"] as const;
/**
 * Social click ids: Meta, TikTok, X and LinkedIn add these to ORGANIC clicks on their sites too (any outbound link
 * from a post), so alone they do not prove an ad; utm_medium saying "paid" does.
 */
export const SOCIAL_CLICK_IDS = ["fbclid", "ttclid", "twclid", "li_fat_id"] as const;
export const AD_CLICK_IDS: readonly string[] = [...SEARCH_AD_CLICK_IDS, ...SOCIAL_CLICK_IDS];

/** utm_medium values that mean a paid placement (compared lower-case, "-", "_" and spaces off). */
export const PAID_UTM_MEDIUMS: ReadonlySet<string> = new Set([
  "cpc",
  "ppc",
  "cpm",
  "cpa",
  "cpv",
  "paid",
  "paidsearch",
  "paidsocial",
  "paidmedia",
  "paidads",
  "ads",
  "ad",
  "display",
  "sem",
  "shopping",
  "socialpaid",
  "socialads",
  "sponsored",
]);

export function isPaidUtmMedium(medium: string | null): boolean {
  if (medium === null) return false;
  return PAID_UTM_MEDIUMS.has(medium.toLowerCase().replace(/[-_\s]/g, ""));
}

function parseLoose(url: string): URL | null {
  const trimmed = url.trim();
  if (trimmed === "") return null;
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return new URL(trimmed);
    if (trimmed.startsWith("//")) return new URL(`https:${trimmed}`);
    if (trimmed.startsWith("/") || trimmed.startsWith("?")) return new URL(trimmed, "https://landing.invalid");
    return new URL(`https://${trimmed}`);
  } catch {
    return null;
  }
}

/**
 * The ad click ids (those with a value, in AD_CLICK_IDS order) and the utm_medium (lower-case) on an order's
 * landing_site ("/products/x?gclid=…" or a full URL). Unreadable or empty → none.
 */
export function readLandingSignals(landingSite: string | null | undefined): { adClickIds: string[]; utmMedium: string | null } {
  const url = landingSite ? parseLoose(landingSite) : null;
  if (url === null) return { adClickIds: [], utmMedium: null };
  const present = new Set<string>();
  let utmMedium: string | null = null;
  for (const [name, value] of url.searchParams) {
    const key = name.toLowerCase();
    if (value.trim() === "") continue;
    if (AD_CLICK_IDS.includes(key)) present.add(key);
    if (key === "utm_medium" && utmMedium === null) utmMedium = value.trim().toLowerCase();
  }
  return { adClickIds: AD_CLICK_IDS.filter((id) => present.has(id)), utmMedium };
}

/** The referring site's host, lower-case, without "www." ("https://www.RetailMeNot.com/x" → "retailmenot.com"); null when there is none. */
export function readReferringDomain(referringSite: string | null | undefined): string | null {
  if (!referringSite) return null;
  const url = parseLoose(referringSite);
  if (url === null || url.hostname === "" || url.hostname === "landing.invalid") return null;
  const host = url.hostname.toLowerCase().replace(/\.$/, "").replace(/^www\./, "");
  return host === "" ? null : host;
}

// ───────────── Data-centre addresses ─────────────

type V4Range = { readonly start: number; readonly end: number };
let v4Ranges: readonly V4Range[] | null = null;
let v6Ranges: readonly [ipaddr.IPv6, number][] | null = null;

function v4ToNumber(address: ipaddr.IPv4): number {
  const [a, b, c, d] = address.octets as [number, number, number, number];
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}

function buildRanges(): void {
  const v4: V4Range[] = [];
  const v6: [ipaddr.IPv6, number][] = [];
  for (const { cidrs } of DATA_CENTRE_RANGES) {
    for (const cidr of cidrs) {
      const [address, bits] = ipaddr.parseCIDR(cidr);
      if (address.kind() === "ipv4") {
        const start = v4ToNumber(address as ipaddr.IPv4);
        const size = 2 ** (32 - bits);
        v4.push({ start, end: start + size - 1 });
      } else {
        v6.push([address as ipaddr.IPv6, bits]);
      }
    }
  }
  v4.sort((x, y) => x.start - y.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of v4) {
    const last = merged[merged.length - 1];
    if (last && range.start <= last.end + 1) last.end = Math.max(last.end, range.end);
    else merged.push({ ...range });
  }
  v4Ranges = merged;
  v6Ranges = v6;
}

/**
 * Whether the address belongs to a major cloud or hosting provider (data-centre-ranges.ts: where the list comes
 * from and how to refresh it). IPv4 is a binary search over merged ranges; IPv4-mapped IPv6 reads as IPv4.
 * An unparseable address → false.
 */
export function isDataCentreIp(ip: string | null | undefined): boolean {
  if (!ip || !ipaddr.isValid(ip.trim())) return false;
  if (v4Ranges === null || v6Ranges === null) buildRanges();
  let address = ipaddr.parse(ip.trim());
  if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress()) {
    address = (address as ipaddr.IPv6).toIPv4Address();
  }
  if (address.kind() === "ipv4") {
    const value = v4ToNumber(address as ipaddr.IPv4);
    const ranges = v4Ranges as readonly V4Range[];
    let low = 0;
    let high = ranges.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const range = ranges[mid] as V4Range;
      if (value < range.start) high = mid - 1;
      else if (value > range.end) low = mid + 1;
      else return true;
    }
    return false;
  }
  const v6 = address as ipaddr.IPv6;
  return (v6Ranges as readonly [ipaddr.IPv6, number][]).some((range) => v6.match(range));
}

// ───────────── Automated browsers ─────────────

/** Automation and headless markers that isbot (a crawler list) lets through. */
const AUTOMATION_MARKERS = /headlesschrome|phantomjs|electron\/|puppeteer|playwright|selenium|webdriver|slimerjs|htmlunit|nightmare|zombie\.js|lighthouse|chrome-lighthouse/i;

export type BrowserSignals = {
  readonly userAgent: string | null | undefined;
  readonly acceptLanguage: string | null | undefined;
  /** The Sec-CH-UA header: undefined when the caller could not see headers (then not judged); null when absent. */
  readonly secChUa?: string | null;
  /** navigator.webdriver, when a script reported it. */
  readonly webdriver?: boolean;
};

/**
 * Whether a request looks scripted rather than a person's browser: a known bot/crawler (isbot), an automation or
 * headless marker in the user agent, navigator.webdriver, no user agent or no Accept-Language at all (every real
 * browser sends one), or a desktop/Android Chrome-family browser (version 90+) without the Sec-CH-UA header it always
 * sends over HTTPS.
 */
export function isAutomatedBrowser(signals: BrowserSignals): boolean {
  const userAgent = (signals.userAgent ?? "").trim();
  if (userAgent === "") return true;
  if (signals.webdriver === true) return true;
  if (isbot(userAgent) || AUTOMATION_MARKERS.test(userAgent)) return true;
  if ((signals.acceptLanguage ?? "").trim() === "") return true;
  if (signals.secChUa === null || signals.secChUa === "") {
    const chrome = /(?:Chrome|Chromium|Edg|OPR)\/(\d+)/.exec(userAgent);
    const isIos = /iPhone|iPad|iPod|CriOS|FxiOS|EdgiOS/.test(userAgent);
    if (chrome && !isIos && Number(chrome[1]) >= 90) return true;
  }
  return false;
}
