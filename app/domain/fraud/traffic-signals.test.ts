import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import { buildCouponSiteSet, COUPON_SITES, matchCouponSite } from "./coupon-sites";
import { DATA_CENTRE_RANGES } from "./data-centre-ranges";
import { isAutomatedBrowser, isDataCentreIp, isPaidUtmMedium, readLandingSignals, readReferringDomain } from "./traffic-signals";

describe("readLandingSignals: ad click ids and utm_medium on landing_site", () => {
  it.each([
    { landing: "/products/tee?gclid=Cj0KCQ&utm_source=google", ids: ["gclid"], medium: null },
    { landing: "https://shop.example/?fbclid=IwAR1&utm_medium=PaidSocial", ids: ["fbclid"], medium: "paidsocial" },
    { landing: "/?msclkid=abc&gbraid=x&wbraid=y", ids: ["gbraid", "wbraid", "msclkid"], medium: null },
    { landing: "/?ttclid=1&twclid=2&li_fat_id=3&GCLID=4", ids: ["gclid", "ttclid", "twclid", "li_fat_id"], medium: null },
    { landing: "/?gclid=&utm_medium=email", ids: [], medium: "email", why: "an empty id is not a click" },
    { landing: "/products/tee?ref=ANNA", ids: [], medium: null },
    { landing: "", ids: [], medium: null },
    { landing: null, ids: [], medium: null },
    { landing: "shop.example/?gclid=1", ids: ["gclid"], medium: null },
  ])("$landing → $ids / $medium", ({ landing, ids, medium }) => {
    expect(readLandingSignals(landing)).toEqual({ adClickIds: ids, utmMedium: medium });
  });
});

describe("isPaidUtmMedium", () => {
  it.each([
    ["cpc", true],
    ["PPC", true],
    ["paid_social", true],
    ["paid-search", true],
    ["social", false],
    ["email", false],
    ["affiliate", false],
    [null, false],
  ] as const)("%s → %s", (medium, paid) => {
    expect(isPaidUtmMedium(medium)).toBe(paid);
  });
});

describe("readReferringDomain", () => {
  it.each([
    { site: "https://www.RetailMeNot.com/view/shop.example", domain: "retailmenot.com" },
    { site: "http://uk.retailmenot.com", domain: "uk.retailmenot.com" },
    { site: "www.slickdeals.net/f/123", domain: "slickdeals.net" },
    { site: "android-app://com.google.android.gm/", domain: "com.google.android.gm" },
    { site: "", domain: null },
    { site: null, domain: null },
    { site: "/relative/path", domain: null },
  ])("$site → $domain", ({ site, domain }) => {
    expect(readReferringDomain(site)).toBe(domain);
  });
});

describe("COUPON_SITES and matching", () => {
  it("has at least 40 distinct lower-case domains without www.", () => {
    expect(new Set(COUPON_SITES).size).toBe(COUPON_SITES.length);
    expect(COUPON_SITES.length).toBeGreaterThanOrEqual(40);
    for (const site of COUPON_SITES) expect(site).toMatch(/^(?!www\.)[a-z0-9-]+(\.[a-z0-9-]+)+$/);
    for (const site of ["retailmenot.com", "honey.com", "couponfollow.com", "dealspotr.com", "knoji.com", "wethrift.com", "coupert.com", "slickdeals.net"]) {
      expect(COUPON_SITES).toContain(site);
    }
  });

  it.each([
    { domain: "retailmenot.com", match: "retailmenot.com" },
    { domain: "uk.retailmenot.com", match: "retailmenot.com" },
    { domain: "notretailmenot.com", match: null },
    { domain: "instagram.com", match: null },
    { domain: "deals.myshopfriend.net", match: "myshopfriend.net", why: "a shop's own addition" },
    { domain: null, match: null },
  ])("$domain → $match", ({ domain, match }) => {
    const sites = buildCouponSiteSet(["https://www.MyShopFriend.net/codes", "  "]);
    expect(matchCouponSite(domain, sites)).toBe(match);
  });
});

describe("isDataCentreIp", () => {
  it("every vendored range parses", () => {
    for (const { cidrs } of DATA_CENTRE_RANGES) for (const cidr of cidrs) expect(() => ipaddr.parseCIDR(cidr), cidr).not.toThrow();
  });

  it.each([
    { ip: "3.5.140.2", dc: true, who: "AWS" },
    { ip: "54.239.28.85", dc: true, who: "AWS" },
    { ip: "35.190.0.1", dc: true, who: "Google Cloud load balancers" },
    { ip: "34.102.136.180", dc: true, who: "Google Cloud" },
    { ip: "20.42.1.1", dc: true, who: "Azure" },
    { ip: "159.89.12.4", dc: true, who: "DigitalOcean" },
    { ip: "5.9.10.10", dc: true, who: "Hetzner" },
    { ip: "51.38.1.1", dc: true, who: "OVH" },
    { ip: "::ffff:3.5.140.2", dc: true, who: "IPv4-mapped IPv6" },
    { ip: "2600:1f18:1234::1", dc: true, who: "AWS IPv6" },
    { ip: "2a01:4f8:c17:1::1", dc: true, who: "Hetzner IPv6" },
    { ip: "81.2.69.142", dc: false, who: "a UK broadband address" },
    { ip: "73.22.1.9", dc: false, who: "Comcast" },
    { ip: "2a02:c7f:1234::1", dc: false, who: "a residential IPv6" },
    { ip: "192.168.1.10", dc: false, who: "private" },
    { ip: "not an ip", dc: false, who: "garbage" },
    { ip: null, dc: false, who: "none" },
  ])("$ip → $dc ($who)", ({ ip, dc }) => {
    expect(isDataCentreIp(ip)).toBe(dc);
  });

  it("edges of a range", () => {
    expect(isDataCentreIp("2.255.255.255")).toBe(false);
    expect(isDataCentreIp("3.0.0.0")).toBe(true);
    expect(isDataCentreIp("3.255.255.255")).toBe(true);
    expect(isDataCentreIp("4.0.0.0")).toBe(false);
  });
});

describe("isAutomatedBrowser", () => {
  const chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
  const safariIphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
  it.each([
    { label: "Chrome with client hints", s: { userAgent: chrome, acceptLanguage: "en-GB", secChUa: '"Chromium";v="131"' }, automated: false },
    { label: "Chrome, headers unknown", s: { userAgent: chrome, acceptLanguage: "en-GB" }, automated: false },
    { label: "Safari on iPhone without client hints", s: { userAgent: safariIphone, acceptLanguage: "en-US", secChUa: null }, automated: false },
    { label: "Firefox without client hints", s: { userAgent: firefox, acceptLanguage: "de", secChUa: null }, automated: false },
    { label: "Chrome claiming 131 without Sec-CH-UA", s: { userAgent: chrome, acceptLanguage: "en", secChUa: null }, automated: true },
    { label: "HeadlessChrome", s: { userAgent: chrome.replace("Chrome/", "HeadlessChrome/"), acceptLanguage: "en", secChUa: "x" }, automated: true },
    { label: "curl", s: { userAgent: "curl/8.5.0", acceptLanguage: "en" }, automated: true },
    { label: "no Accept-Language", s: { userAgent: chrome, acceptLanguage: null, secChUa: "x" }, automated: true },
    { label: "no user agent", s: { userAgent: "", acceptLanguage: "en" }, automated: true },
    { label: "navigator.webdriver", s: { userAgent: chrome, acceptLanguage: "en", secChUa: "x", webdriver: true }, automated: true },
  ])("$label → $automated", ({ s, automated }) => {
    expect(isAutomatedBrowser(s)).toBe(automated);
  });
});
