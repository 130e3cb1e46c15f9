/**
 * The theme app embed's script exactly as shipped (extensions/affable-referral/assets/referral-capture.js), run in a
 * node:vm context against fakes of what a storefront page gives it: location, document.cookie, sessionStorage, the
 * Customer Privacy API, Shopify.loadFeatures, fetch (the Ajax Cart API) and navigator.sendBeacon. Also the budget:
 * the asset must stay within 2 KB gzipped (its size is printed).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseCaptureTime } from "../../app/domain/attribution/parse-capture-time";
import {
  REFERRAL_ATTRIBUTE,
  REFERRAL_CAPTURED_AT_ATTRIBUTE,
  REFERRAL_CLICK_ID_ATTRIBUTE,
} from "../../app/domain/attribution/read-referral-attributes";

const EXTENSION = path.join(import.meta.dirname, "../../extensions/affable-referral");
const SCRIPT = readFileSync(path.join(EXTENSION, "assets/referral-capture.js"), "utf8");
const GZIP_BUDGET_BYTES = 2048;

interface PageOptions {
  search: string;
  /** undefined: no Customer Privacy API on the page yet (loaded through Shopify.loadFeatures). */
  marketingAllowed?: boolean;
  dataset?: Record<string, string>;
  cookie?: Record<string, string>;
  session?: Record<string, string>;
  routesRoot?: string;
  /** How the Ajax Cart API answers the cart write: ok (default), an error status, or no answer at all. */
  cartAnswer?: "ok" | "error" | "network";
}

/** Loads the script into a fake storefront page and records everything it does. */
function openPage(options: PageOptions) {
  const jar = new Map(Object.entries(options.cookie ?? {}));
  const cookieWrites: string[] = [];
  const sessionStore = new Map(Object.entries(options.session ?? {}));
  const cartWrites: Array<{ url: string; body: { attributes: Record<string, string> }; contentType: string; keepalive: boolean }> = [];
  const beacons: Array<{ url: string; body: Record<string, string> }> = [];
  const featureLoads: unknown[] = [];
  const listeners = new Map<string, () => void>();
  const privacy = (allowed: boolean) => ({ marketingAllowed: () => allowed, analyticsProcessingAllowed: () => allowed });
  const shopify: Record<string, unknown> = { routes: { root: options.routesRoot ?? "/" } };
  if (options.marketingAllowed !== undefined) shopify.customerPrivacy = privacy(options.marketingAllowed);
  let pendingFeatureCallback: (() => void) | null = null;
  shopify.loadFeatures = (features: unknown, callback: () => void) => {
    featureLoads.push(features);
    pendingFeatureCallback = callback;
  };

  const document = {
    currentScript: { dataset: options.dataset ?? { params: "ref", days: "30", proxy: "/apps/affable" } },
    referrer: "https://www.instagram.com/some/post?igsh=abc",
    get cookie() {
      return [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    },
    set cookie(text: string) {
      cookieWrites.push(text);
      const [pair = ""] = text.split(";");
      const [name = "", value = ""] = pair.split("=");
      jar.set(name, value);
    },
    addEventListener: (name: string, listener: () => void) => listeners.set(name, listener),
  };
  const window = {
    location: { search: options.search, pathname: "/products/linen-shirt", protocol: "https:" },
    Shopify: shopify,
    crypto: { randomUUID: () => "6f1c2d3e-0000-4000-8000-000000000001" },
    sessionStorage: {
      getItem: (key: string) => sessionStore.get(key) ?? null,
      setItem: (key: string, value: string) => void sessionStore.set(key, value),
    },
    navigator: {
      sendBeacon: (url: string, body: string) => {
        beacons.push({ url, body: JSON.parse(body) as Record<string, string> });
        return true;
      },
    },
    fetch: (url: string, init: { body: string; headers: Record<string, string>; keepalive?: boolean }) => {
      cartWrites.push({ url, body: JSON.parse(init.body) as { attributes: Record<string, string> }, contentType: init.headers["Content-Type"] ?? "", keepalive: init.keepalive === true });
      const answer = options.cartAnswer ?? "ok";
      return answer === "network" ? Promise.reject(new TypeError("Failed to fetch")) : Promise.resolve({ ok: answer === "ok" });
    },
  };
  runInNewContext(SCRIPT, { window, document, URLSearchParams });
  return {
    jar,
    cookieWrites,
    sessionStore,
    cartWrites,
    beacons,
    featureLoads,
    /** The Customer Privacy API finished loading, with this consent. */
    finishLoadingConsent(allowed: boolean) {
      shopify.customerPrivacy = privacy(allowed);
      pendingFeatureCallback?.();
    },
    /** The shopper answered the cookie banner. */
    giveConsent() {
      shopify.customerPrivacy = privacy(true);
      listeners.get("visitorConsentCollected")?.();
    },
  };
}

describe("theme app embed: referral-capture.js", () => {
  it(`stays within ${GZIP_BUDGET_BYTES} bytes gzipped`, () => {
    const gzipped = gzipSync(Buffer.from(SCRIPT), { level: 9 }).byteLength;
    console.log(`referral-capture.js: ${Buffer.byteLength(SCRIPT)} bytes, ${gzipped} bytes gzipped (budget ${GZIP_BUDGET_BYTES})`);
    expect(gzipped).toBeLessThanOrEqual(GZIP_BUDGET_BYTES);
  });

  it("captures the ref with consent: cookie for the window, cart attributes the order reads, one click beacon", () => {
    const page = openPage({ search: "?utm_source=ig&ref=r_Amelia-01", marketingAllowed: true, routesRoot: "/fr/" });
    expect(page.cartWrites).toHaveLength(1);
    const [write] = page.cartWrites;
    expect(write?.url).toBe("/fr/cart/update.js");
    expect(write?.contentType).toBe("application/json");
    const attributes = write?.body.attributes ?? {};
    expect(Object.keys(attributes).sort()).toEqual([REFERRAL_ATTRIBUTE, REFERRAL_CLICK_ID_ATTRIBUTE, REFERRAL_CAPTURED_AT_ATTRIBUTE].sort());
    expect(attributes[REFERRAL_ATTRIBUTE]).toBe("r_Amelia-01");
    expect(attributes[REFERRAL_CLICK_ID_ATTRIBUTE]).toBe("6f1c2d3e-0000-4000-8000-000000000001");
    expect(parseCaptureTime(attributes[REFERRAL_CAPTURED_AT_ATTRIBUTE] ?? "")).toBeInstanceOf(Date);

    expect(page.cookieWrites).toHaveLength(1);
    expect(page.cookieWrites[0]).toMatch(/^_affable_ref=r_Amelia-01%7C.+;max-age=2592000;path=\/;samesite=lax;secure$/);

    expect(page.beacons).toEqual([
      {
        url: "/apps/affable/click",
        body: { ref: "r_Amelia-01", clickId: "6f1c2d3e-0000-4000-8000-000000000001", path: "/products/linen-shirt", referrer: "https://www.instagram.com/some/post?igsh=abc" },
      },
    ]);
  });

  it.each([
    ["a space and markup", "?ref=amelia%20%3Cscript%3E"],
    ["65 characters", `?ref=${"a".repeat(65)}`],
    ["an empty value", "?ref="],
    ["a dot", "?ref=amelia.01"],
  ])("ignores a malformed ref (%s): no cookie, no cart write, no beacon", (_label, search) => {
    const page = openPage({ search, marketingAllowed: true });
    expect(page.cookieWrites).toEqual([]);
    expect(page.cartWrites).toEqual([]);
    expect(page.beacons).toEqual([]);
  });

  it("without marketing consent keeps the ref for the session only (no cookie) and still attributes the cart and counts the click", () => {
    const page = openPage({ search: "?ref=r_amelia01", marketingAllowed: false });
    expect(page.cookieWrites).toEqual([]);
    expect(page.sessionStore.get("_affable_ref")).toMatch(/^r_amelia01\|/);
    expect(page.cartWrites).toHaveLength(1);
    expect(page.beacons).toHaveLength(1);

    page.giveConsent();
    expect(page.cookieWrites).toHaveLength(1);
    expect(page.cookieWrites[0]).toMatch(/^_affable_ref=r_amelia01%7C/);
  });

  it("loads the Customer Privacy API when the page has none, and waits for it before storing anything", () => {
    const page = openPage({ search: "?ref=r_amelia01" });
    expect(page.featureLoads).toEqual([[{ name: "consent-tracking-api", version: "0.1" }]]);
    expect(page.cartWrites).toEqual([]);
    page.finishLoadingConsent(false);
    expect(page.cookieWrites).toEqual([]);
    expect(page.cartWrites).toHaveLength(1);
    expect(page.beacons).toHaveLength(1);
  });

  it("reads the merchant's parameter names in order and uses the cookie window from the block settings", () => {
    const page = openPage({ search: "?via=r_creator2&ref=r_other", marketingAllowed: true, dataset: { params: "via, ref", days: "7" } });
    expect(page.cartWrites[0]?.body.attributes[REFERRAL_ATTRIBUTE]).toBe("r_creator2");
    expect(page.cookieWrites[0]).toContain(";max-age=604800;");
    expect(page.beacons[0]?.url).toBe("/apps/affable/click");
  });

  it("sends the beacon to the app proxy path the merchant set (a renamed subpath), and ignores a path that is not one", () => {
    const renamed = openPage({ search: "?ref=r_creator2", marketingAllowed: true, dataset: { params: "ref", days: "30", proxy: "/tools/creators" } });
    expect(renamed.beacons[0]?.url).toBe("/tools/creators/click");
    const bogus = openPage({ search: "?ref=r_creator2", marketingAllowed: true, dataset: { params: "ref", days: "30", proxy: "https://evil.example/x" } });
    expect(bogus.beacons[0]?.url).toBe("/apps/affable/click");
  });

  it("on a later page view without a ref, writes the remembered referral to the cart once per session and sends no beacon", () => {
    const remembered = "r_amelia01|2026-11-20T10:00:00.000Z|click-1";
    const page = openPage({ search: "", marketingAllowed: true, cookie: { _affable_ref: encodeURIComponent(remembered) } });
    expect(page.cartWrites.map((write) => write.body.attributes)).toEqual([
      { [REFERRAL_ATTRIBUTE]: "r_amelia01", [REFERRAL_CAPTURED_AT_ATTRIBUTE]: "2026-11-20T10:00:00.000Z", [REFERRAL_CLICK_ID_ATTRIBUTE]: "click-1" },
    ]);
    expect(page.beacons).toEqual([]);

    const again = openPage({
      search: "",
      marketingAllowed: true,
      cookie: { _affable_ref: encodeURIComponent(remembered) },
      session: { _affable_ref_cart: remembered },
    });
    expect(again.cartWrites).toEqual([]);
  });

  it.each([
    { answer: "ok" as const, remembered: true },
    { answer: "error" as const, remembered: false },
    { answer: "network" as const, remembered: false },
  ])("marks the cart written only once the cart took it (answer $answer), so a lost write is retried on the next page", async ({ answer, remembered }) => {
    const page = openPage({ search: "?ref=r_amelia01", marketingAllowed: true, cartAnswer: answer });
    expect(page.cartWrites).toHaveLength(1);
    // The write outlives the page: a shopper clicking away at once does not cancel it.
    expect(page.cartWrites[0]?.keepalive).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(page.sessionStore.has("_affable_ref_cart")).toBe(remembered);
  });
});

describe("theme app embed: blocks/referral-capture.liquid", () => {
  const liquid = readFileSync(path.join(EXTENSION, "blocks/referral-capture.liquid"), "utf8");
  const schema = JSON.parse(/{% schema %}([\s\S]*){% endschema %}/.exec(liquid)?.[1] ?? "{}") as {
    target?: string;
    settings?: Array<{ id: string; default?: unknown }>;
  };

  it("is an app embed on the body with the ref parameter names and the app proxy path as settings (the cookie window is the app's)", () => {
    expect(schema.target).toBe("body");
    expect(schema.settings?.map((setting) => [setting.id, setting.default])).toEqual([
      ["ref_params", "ref"],
      ["proxy_path", "/apps/affable"],
    ]);
    expect(liquid).toContain("app.metafields.affable.cookie_window_days");
    // The script reads the path from the setting, not a fixed /apps/affable.
    expect(liquid).toContain("data-proxy=\"{{ block.settings.proxy_path | default: '/apps/affable' | escape }}\"");
  });

  it("loads the script deferred, so it never blocks rendering", () => {
    expect(liquid).toMatch(/<script\s+src="{{ 'referral-capture\.js' \| asset_url }}"\s+defer/);
  });
});
