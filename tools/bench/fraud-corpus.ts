/**
 * A labelled synthetic corpus for the fraud benchmark (`npm run bench:fraud`, tools/bench/fraud.ts): a shop's
 * creators and their attributed orders, clicks, portal sessions, payout profiles and tax forms over ~180 shop-local
 * days, with fraud injected at known rates and the truth kept as labels.
 *
 * Honest creators (the large majority) each have their own size (heavy-tailed), weekly seasonality, a growth or
 * decline trend, day-to-day noise, a click-to-order rate, a code-only share (link-led creators 10–35 %, code-led ones
 * such as podcasters 50–90 %: a high share alone is normal), a refund rate (0–15 %), repeat customers, organic
 * referrers (Facebook's organic links carry fbclid, as real ones do) and the odd VPN / data-centre click or double
 * click. Some join during the period.
 *
 * Injected (a share of the creators each, one pattern per creator; DEFAULT_INJECTION_RATES):
 * - self_referral: 15–50 % of the creator's orders are the creator's own, matching by ONE of: Shopify customer id,
 *   email written differently (Gmail dots / +tag / case), phone written differently, shipping address written
 *   differently (abbreviations, case, punctuation), or the IP + user agent of the creator's own portal sign-ins.
 *   Labels: those orders.
 * - leaked_code: from 7–21 days before the last day, extra code-only orders from new, distinct customers at 2–5×
 *   the creator's usual daily orders (at least 1.5–4 a day); 20–70 % of them arrive from a coupon / deal site, and
 *   for a fifth of the leaks none do (a code passed around a private group or a forum the list does not know).
 *   Labels: the creator (history rule) and the coupon-site orders (the order rule's coupon-site part).
 * - paid_traffic: 30–80 % of the creator's link orders land with an ad click id (gclid, gbraid, wbraid, msclkid,
 *   fbclid, ttclid) and mostly utm_medium=cpc, while the program forbids paid search. Labels: those orders.
 * - click_spam: in the last 14 days, 1–3 bursts of 30–200 clicks from one data-centre IP + headless user agent within
 *   a few minutes, and 2–6× the creator's usual clicks from data-centre / automated browsers, with no more orders.
 *   Label: the creator.
 * - velocity: an established creator's last 1–3 days at 5–12× their usual (at least +12 orders a day), or (a third
 *   of them) a creator approved 5–8 days ago with 20–40 orders a day from the start. Label: the creator.
 * - refund_abuse: in the last 60 days a ring of 3–8 customers places 8–20 orders that are 85 % refunded, and half of
 *   the creator's own orders of those days are refunded too. Label: the creator.
 * - duplicate_identity: groups of 2–3 creators sharing a payout destination (PayPal email), a tax id, or a portal
 *   device. Label: every member.
 *
 * Realism over separability: injected creators are otherwise ordinary (their own seasonality, trend and rates), sizes
 * are heavy-tailed so many are small, and honest creators carry the near misses named above.
 *
 * Identity values are keyed hashes of NORMALISED values, like the app's: the caller passes the app's hashSignal and
 * the fraud domain's normalisers, so a variant spelling of a creator's email hashes to the creator's key exactly when
 * the app's normaliser says they are the same person.
 *
 * The generator is pure apart from the RNG it owns (pure-rand xoroshiro128+, seeded): same options → same corpus.
 * It streams rows to a sink in batches, so a million orders never sit in memory at once; writeCorpusBatch (below)
 * is the PostgreSQL sink used by the benchmark.
 */
import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import type pg from "pg";
import { toLedgerJson } from "../../app/db/ledger-json.ts";
import { applyEvent, type CommissionLedgerState, type LedgerEvent } from "../../app/domain/ledger/index.ts";

export type InjectedRule =
  | "self_referral"
  | "leaked_code"
  | "paid_traffic"
  | "click_spam"
  | "velocity"
  | "refund_abuse"
  | "duplicate_identity";

export const INJECTED_RULES: readonly InjectedRule[] = [
  "self_referral",
  "leaked_code",
  "paid_traffic",
  "click_spam",
  "velocity",
  "refund_abuse",
  "duplicate_identity",
];

/** Share of creators given each pattern (one pattern per creator). */
export const DEFAULT_INJECTION_RATES: Readonly<Record<InjectedRule, number>> = {
  self_referral: 0.02,
  leaked_code: 0.015,
  paid_traffic: 0.02,
  click_spam: 0.015,
  velocity: 0.01,
  refund_abuse: 0.01,
  duplicate_identity: 0.01,
};

/** Rules whose labels are orders (the order rules); the others are labelled by creator. */
export type OrderLabelRule = "self_referral" | "paid_traffic" | "leaked_code";

export type SignalKind = "ip" | "ua" | "device" | "email" | "phone" | "address" | "payout-destination" | "tin";
export type PostalAddress = { line1: string; line2?: string; city: string; region?: string; postalCode: string; country: string };

/** The app's hashing and normalising, passed in (hashSignal needs the app secret; the normalisers are the domain's). */
export type CorpusSignals = {
  readonly hash: (kind: SignalKind, normalisedValue: string) => string;
  readonly normaliseEmail: (email: string) => string;
  readonly normalisePhone: (phone: string) => string | null;
  readonly normaliseAddress: (address: PostalAddress) => string | null;
  /** Coupon / deal site domains (the fraud domain's maintained list). */
  readonly couponSites: readonly string[];
};

export type CorpusOptions = {
  readonly shop: string;
  readonly orders: number;
  readonly creators: number;
  readonly days?: number;
  readonly seed?: number;
  /** The last shop-local day ("YYYY-MM-DD"): the nightly scan's day. */
  readonly lastDay?: string;
  readonly rates?: Partial<Record<InjectedRule, number>>;
  /** Rows per sink call (orders; other row kinds flush with them). */
  readonly batchSize?: number;
};

export type CreatorRow = {
  id: string;
  handle: string;
  name: string;
  email: string;
  phone: string | null;
  shippingAddress: PostalAddress | null;
  shopifyCustomerId: string | null;
  code: string;
  approvedAt: Date;
  createdAt: Date;
};

export type OrderRow = {
  id: string;
  shopifyOrderId: string;
  legacyId: string;
  name: string;
  creatorId: string;
  placedAt: Date;
  baseMinor: number;
  customerId: string | null;
  customerEmailKey: string | null;
  customerPhoneKey: string | null;
  shippingAddressKey: string | null;
  browserIpHash: string | null;
  userAgentHash: string | null;
  referringDomain: string | null;
  adClickIds: string[];
  landingUtmMedium: string | null;
  creditedSignal: "code" | "link";
  creditedCode: string | null;
  creatorTouched: boolean;
  /** Click.id of the click the cart named (the creator's), when any. */
  clickRowId: string | null;
  firstRefundedAt: Date | null;
  cancelledAt: Date | null;
};

export type ClickRow = {
  id: string;
  clickId: string;
  creatorId: string;
  at: Date;
  ipHash: string;
  userAgentHash: string;
  referrerHost: string | null;
  fromDataCentre: boolean;
  automated: boolean;
};

export type PortalSessionRow = { id: string; creatorId: string; ipHash: string; userAgentHash: string; deviceHash: string; createdAt: Date; lastSeenAt: Date };
export type PayoutProfileRow = { creatorId: string; paypalEmail: string; destinationKey: string };
export type TaxFormRow = { creatorId: string; legalName: string; address: PostalAddress; tinLast4: string; tinKey: string; signedAt: Date };

export type CorpusBatch = {
  creators: CreatorRow[];
  orders: OrderRow[];
  clicks: ClickRow[];
  sessions: PortalSessionRow[];
  payoutProfiles: PayoutProfileRow[];
  taxForms: TaxFormRow[];
};

export type CorpusLabels = {
  /** Creators given each pattern (duplicate_identity: every member of a group). */
  readonly creatorsByRule: ReadonlyMap<InjectedRule, ReadonlySet<string>>;
  /** Orders (shopifyOrderId) that ARE the fraud, for the order rules (self-referral, paid-search, coupon-site orders). */
  readonly ordersByRule: ReadonlyMap<OrderLabelRule, ReadonlySet<string>>;
  /** The injected pattern of each injected creator (honest creators are absent). */
  readonly patternOf: ReadonlyMap<string, InjectedRule>;
};

export type CorpusSummary = {
  readonly labels: CorpusLabels;
  readonly orders: number;
  readonly creators: number;
  readonly clicks: number;
  readonly firstDay: string;
  readonly lastDay: string;
  /** For each self-referral order, how it matches the creator (for the label test and the report). */
  readonly selfReferralModes: ReadonlyMap<string, SelfReferralMode>;
};

export type SelfReferralMode = "customer_id" | "email" | "phone" | "address" | "device";

const DAY_MS = 86_400_000;
const PUBLIC_EMAIL_DOMAINS = ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com"];
const ORGANIC_LINK_REFERRERS = ["instagram.com", "tiktok.com", "youtube.com", "linktr.ee", "pinterest.com", "facebook.com", null, null];
const ORGANIC_CODE_REFERRERS = [null, null, null, null, null, null, "google.com", "google.com", "bing.com", "duckduckgo.com", "youtube.com"];
const STREETS = [["Oak", "Street", "St"], ["Maple", "Avenue", "Ave"], ["Cedar", "Road", "Rd"], ["Pine", "Boulevard", "Blvd"], ["Elm", "Drive", "Dr"], ["Lake", "Lane", "Ln"]] as const;
const CITIES = [["Portland", "OR", "97201"], ["Austin", "TX", "78701"], ["Denver", "CO", "80202"], ["Columbus", "OH", "43004"], ["Raleigh", "NC", "27601"], ["Madison", "WI", "53703"]] as const;
/** Sunday … Saturday: weekends sell more. */
const WEEKDAY_FACTOR = [1.25, 0.9, 0.92, 0.95, 1.0, 1.1, 1.3];
const AD_CLICK_IDS = ["gclid", "gclid", "gclid", "gclid", "gbraid", "wbraid", "msclkid", "msclkid", "fbclid", "ttclid"];
const HEADLESS_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36";

/** A seeded RNG with the few distributions the corpus needs. */
export class CorpusRandom {
  private readonly rng;
  constructor(seed: number) {
    this.rng = xoroshiro128plus(seed);
  }
  next(): number {
    return uniformFloat64(this.rng);
  }
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, maxInclusive: number): number {
    return Math.floor(this.between(min, maxInclusive + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
  normal(): number {
    const u = Math.max(this.next(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }
  /** Knuth for small means, a rounded normal approximation above 30. */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k += 1;
      p *= this.next();
    }
    return k;
  }
}

type CreatorPlan = {
  row: CreatorRow;
  index: number;
  pattern: InjectedRule | null;
  /** First active day index (orders from then on). */
  startDay: number;
  /** Expected honest orders per day before scaling (size × weekday × trend). */
  weight: Float64Array;
  codeOnlyShare: number;
  refundRate: number;
  ordersPerClick: number;
  homeIp: string;
  uaIndex: number;
  devices: string[];
  // injection parameters
  selfShare: number;
  paidShare: number;
  leakStartDay: number;
  leakFactor: number;
  leakCouponShare: number;
  spikeDays: number;
  spikeFactor: number;
  newCreatorDaily: number;
  spamBursts: number;
  spamFactor: number;
  ringCustomers: number;
  ringOrders: number;
  sharedKind: "payout_destination" | "tin" | "device" | null;
  groupLeader: number;
  hasTaxForm: boolean;
  paypalEmail: string;
  tinDigits: string;
};

/**
 * Generates the corpus, handing rows to `sink` in batches (creators and their profiles first, then orders with their
 * clicks and sessions, creator by creator). Returns the labels.
 */
export async function generateFraudCorpus(
  options: CorpusOptions,
  signals: CorpusSignals,
  sink: (batch: CorpusBatch) => Promise<void>,
): Promise<CorpusSummary> {
  const random = new CorpusRandom(options.seed ?? 20261207);
  const days = options.days ?? 180;
  const lastDay = options.lastDay ?? "2026-12-06";
  const batchSize = options.batchSize ?? 20_000;
  const rates = { ...DEFAULT_INJECTION_RATES, ...options.rates };
  const lastDayStart = Date.parse(`${lastDay}T00:00:00Z`);
  const dayString = (index: number) => new Date(lastDayStart - (days - 1 - index) * DAY_MS).toISOString().slice(0, 10);
  /** A moment on shop-local day `index` (America/New_York): 05:00Z + up to 18 h is the same local date all year. */
  const momentOn = (index: number, fraction = random.next()) => new Date(lastDayStart - (days - 1 - index) * DAY_MS + 5 * 3_600_000 + fraction * 18 * 3_600_000);
  const uaStrings = Array.from({ length: 300 }, (_, n) => `Mozilla/5.0 (corpus device ${n}) AppleWebKit/605.1.15 Version/17.${n % 7} Safari/605.1.15`);
  const uaHashes = uaStrings.map((ua) => signals.hash("ua", ua));
  const headlessUaHash = signals.hash("ua", HEADLESS_UA);
  const couponSites = signals.couponSites.length > 0 ? signals.couponSites : ["retailmenot.com"];

  // ── Creators: who they are, and which pattern (if any) each carries ──
  const patterns = assignPatterns(options.creators, rates, random);
  const plans: CreatorPlan[] = [];
  for (let index = 0; index < options.creators; index += 1) {
    const pattern = patterns[index] ?? null;
    const handle = `creator${index + 1}`;
    const id = `fc${index + 1}`;
    const ownDomain = random.chance(0.15);
    const emailLocal = `${pickName(random)}${pickName(random)}${index + 1}`;
    const email = ownDomain ? `hello@${handle}.studio` : `${emailLocal}@${random.pick(PUBLIC_EMAIL_DOMAINS)}`;
    const street = random.pick(STREETS);
    const city = random.pick(CITIES);
    const address: PostalAddress = { line1: `${10 + index} ${street[0]} ${street[1]}`, line2: random.chance(0.4) ? `Apartment ${random.int(1, 40)}` : undefined, city: city[0], region: city[1], postalCode: city[2], country: "US" };
    const hasPhone = random.chance(0.7);
    const hasAddress = random.chance(0.6);
    let startDay = random.chance(0.85) ? -random.int(1, 200) : random.int(0, days - 1);
    let newCreatorDaily = 0;
    if (pattern === "velocity" && random.chance(1 / 3)) {
      startDay = days - 1 - random.int(5, 8);
      newCreatorDaily = random.between(20, 40);
    }
    // Injected patterns need history to stand out against (except a new creator's velocity).
    if (pattern !== null && pattern !== "velocity" && startDay > days - 60) startDay = random.int(0, days - 60);
    const approvedAt = startDay < 0 ? new Date(lastDayStart - (days - 1 - startDay) * DAY_MS) : momentOn(startDay, 0);
    const row: CreatorRow = {
      id,
      handle,
      name: `Creator ${index + 1}`,
      email,
      phone: hasPhone ? `+1 555 ${String(10_000_000 + index).slice(1, 4)} ${String(10_000_000 + index).slice(4)}` : null,
      shippingAddress: hasAddress ? address : null,
      shopifyCustomerId: random.chance(0.5) ? `gid://shopify/Customer/9${String(index + 1).padStart(8, "0")}` : null,
      code: `${handle.toUpperCase()}15`,
      approvedAt,
      createdAt: new Date(approvedAt.getTime() - DAY_MS),
    };
    const size = random.logNormal(0, 1.1);
    const trend = random.normal() * 0.5;
    const amplitude = random.between(0.5, 1.2);
    const weight = new Float64Array(days);
    for (let day = Math.max(0, startDay); day < days; day += 1) {
      const weekday = new Date(lastDayStart - (days - 1 - day) * DAY_MS).getUTCDay();
      weight[day] = size * (1 + amplitude * (WEEKDAY_FACTOR[weekday]! - 1)) * Math.exp(trend * (day / days - 0.5)) * random.logNormal(0, 0.25);
    }
    const codeLed = random.chance(0.35);
    plans.push({
      row,
      index,
      pattern,
      startDay: Math.max(0, startDay),
      weight,
      codeOnlyShare: codeLed ? random.between(0.5, 0.9) : random.between(0.1, 0.35),
      refundRate: random.between(0, 1) < 0.8 ? random.between(0, 0.1) : random.between(0.1, 0.15),
      ordersPerClick: random.between(0.2, 0.5),
      homeIp: `198.51.${Math.floor(index / 250)}.${index % 250}`,
      uaIndex: random.int(0, uaStrings.length - 1),
      devices: Array.from({ length: random.int(1, 2) }, (_, k) => `device-${id}-${k}`),
      selfShare: random.between(0.15, 0.5),
      paidShare: random.between(0.3, 0.8),
      leakStartDay: days - 1 - random.int(7, 21),
      leakFactor: random.between(2, 5),
      leakCouponShare: random.chance(0.2) ? 0 : random.between(0.2, 0.7),
      spikeDays: random.int(1, 3),
      spikeFactor: random.between(5, 12),
      newCreatorDaily,
      spamBursts: random.int(1, 3),
      spamFactor: random.between(2, 6),
      ringCustomers: random.int(3, 8),
      ringOrders: random.int(8, 20),
      sharedKind: null,
      groupLeader: index,
      hasTaxForm: random.chance(0.3),
      paypalEmail: `pay.${emailLocal}@${random.pick(PUBLIC_EMAIL_DOMAINS)}`,
      tinDigits: String(100_000_000 + index * 7919).slice(-9),
    });
  }
  formIdentityGroups(plans, random);

  // Scale honest weights so the corpus lands near the requested number of orders (injected extras come on top of
  // the same scale; the loop below measures them on a dry estimate first).
  let honestWeight = 0;
  for (const plan of plans) for (const value of plan.weight) honestWeight += value;
  const extraEstimate = plans.reduce((sum, plan) => sum + estimateExtra(plan, days), 0);
  const scale = Math.max(0, options.orders - extraEstimate) / honestWeight;

  // Creators, payout profiles, tax forms and portal sessions first (orders refer to creators).
  const creatorBatch: CorpusBatch = emptyBatch();
  for (const plan of plans) {
    creatorBatch.creators.push(plan.row);
    const leader = plans[plan.groupLeader]!;
    const paypalEmail = plan.sharedKind === "payout_destination" ? leader.paypalEmail : plan.paypalEmail;
    if (plan.sharedKind === "payout_destination" || random.chance(0.92)) {
      creatorBatch.payoutProfiles.push({ creatorId: plan.row.id, paypalEmail, destinationKey: signals.hash("payout-destination", signals.normaliseEmail(paypalEmail)) });
    }
    if (plan.sharedKind === "tin" || plan.hasTaxForm) {
      const tin = plan.sharedKind === "tin" ? leader.tinDigits : plan.tinDigits;
      const address = plan.row.shippingAddress ?? { line1: `${500 + plan.index} Market Street`, city: "Chicago", region: "IL", postalCode: "60601", country: "US" };
      creatorBatch.taxForms.push({ creatorId: plan.row.id, legalName: plan.row.name, address, tinLast4: tin.slice(-4), tinKey: signals.hash("tin", tin), signedAt: plan.row.approvedAt });
    }
    const devices = plan.sharedKind === "device" ? [leader.devices[0]!, ...plan.devices.slice(1)] : plan.devices;
    devices.forEach((device, k) => {
      creatorBatch.sessions.push({
        id: `fs${plan.index + 1}_${k}`,
        creatorId: plan.row.id,
        ipHash: signals.hash("ip", plan.homeIp),
        userAgentHash: uaHashes[plan.uaIndex]!,
        deviceHash: signals.hash("device", device),
        createdAt: new Date(plan.row.approvedAt.getTime() + (k + 1) * DAY_MS),
        lastSeenAt: new Date(Math.max(plan.row.approvedAt.getTime() + (k + 1) * DAY_MS, lastDayStart - random.between(0, 30) * DAY_MS)),
      });
    });
  }
  await sink(creatorBatch);

  // ── Orders and clicks, creator by creator ──
  const labelsByRule = new Map<InjectedRule, Set<string>>(INJECTED_RULES.map((rule) => [rule, new Set<string>()]));
  const ordersByRule = new Map<OrderLabelRule, Set<string>>([["self_referral", new Set()], ["paid_traffic", new Set()], ["leaked_code", new Set()]]);
  const patternOf = new Map<string, InjectedRule>();
  const selfReferralModes = new Map<string, SelfReferralMode>();
  for (const plan of plans) {
    if (plan.pattern === null) continue;
    labelsByRule.get(plan.pattern)!.add(plan.row.id);
    patternOf.set(plan.row.id, plan.pattern);
  }

  let batch = emptyBatch();
  let orderCount = 0;
  let clickCount = 0;
  let customerCounter = 0;
  const flush = async () => {
    if (batch.orders.length === 0 && batch.clicks.length === 0) return;
    const full = batch;
    batch = emptyBatch();
    await sink(full);
  };
  const lastMoment = momentOn(days - 1, 1).getTime();

  const customerKeys = (customer: number) => ({
    customerId: customer % 10 === 0 ? null : `gid://shopify/Customer/${customer}`,
    customerEmailKey: signals.hash("email", signals.normaliseEmail(`Shopper${customer}@mail.example`)),
    customerPhoneKey: customer % 5 < 2 ? null : keyOrNull(signals, "phone", signals.normalisePhone(`+1 444 ${String(customer).padStart(7, "0")}`)),
    shippingAddressKey: keyOrNull(signals, "address", signals.normaliseAddress({ line1: `${customer} Birch Way`, city: "Springfield", region: "IL", postalCode: "62701", country: "US" })),
    browserIpHash: signals.hash("ip", `203.${Math.floor(customer / 65536) % 256}.${Math.floor(customer / 256) % 256}.${customer % 256}`),
    userAgentHash: uaHashes[customer % uaHashes.length]!,
  });

  for (const plan of plans) {
    const creatorId = plan.row.id;
    const customers: number[] = [];
    const newCustomer = () => {
      customerCounter += 1;
      customers.push(customerCounter);
      return customerCounter;
    };
    const ringCustomers = Array.from({ length: plan.ringCustomers }, () => (customerCounter += 1));
    let touchedOrders = 0;

    const addClick = (at: Date, ipHash: string, userAgentHash: string, extra: Partial<ClickRow> = {}): ClickRow => {
      clickCount += 1;
      const click: ClickRow = { id: `fk${clickCount}`, clickId: `ck${clickCount}`, creatorId, at, ipHash, userAgentHash, referrerHost: null, fromDataCentre: false, automated: false, ...extra };
      batch.clicks.push(click);
      return click;
    };

    const addOrder = (day: number, kind: "honest" | "leak" | "ring", forcedCustomer?: number) => {
      orderCount += 1;
      const placedAt = momentOn(day);
      const customer = forcedCustomer ?? (kind === "honest" && customers.length > 0 && random.chance(0.12) ? random.pick(customers) : newCustomer());
      const keys = customerKeys(customer);
      const touched = kind === "leak" || kind === "ring" ? false : !random.chance(plan.codeOnlyShare);
      const codeUsed = !touched || random.chance(0.3);
      const order: OrderRow = {
        id: `fo${orderCount}`,
        shopifyOrderId: `gid://shopify/Order/${7_000_000_000 + orderCount}`,
        legacyId: String(7_000_000_000 + orderCount),
        name: `#${100_000 + orderCount}`,
        creatorId,
        placedAt,
        baseMinor: Math.max(500, Math.round(random.logNormal(8.6, 0.6))),
        ...keys,
        referringDomain: touched ? random.pick(ORGANIC_LINK_REFERRERS) : random.pick(ORGANIC_CODE_REFERRERS),
        adClickIds: [],
        landingUtmMedium: touched ? random.pick(["social", "affiliate", null] as const) : null,
        creditedSignal: codeUsed ? "code" : "link",
        creditedCode: codeUsed ? plan.row.code : null,
        creatorTouched: touched,
        clickRowId: null,
        firstRefundedAt: null,
        cancelledAt: null,
      };
      // Facebook adds fbclid to every outbound link, paid or not: an honest creator's organic post carries it too.
      if (touched && order.referringDomain === "facebook.com" && random.chance(0.8)) order.adClickIds = ["fbclid"];
      if (touched) {
        touchedOrders += 1;
        const clickAt = new Date(Math.max(plan.row.approvedAt.getTime(), placedAt.getTime() - random.between(120_000, 3 * DAY_MS)));
        order.clickRowId = addClick(clickAt, keys.browserIpHash, keys.userAgentHash, { referrerHost: order.referringDomain }).id;
      }

      if (kind === "honest" && plan.pattern === "self_referral" && random.chance(plan.selfShare)) makeSelfReferral(order, plan);
      if (kind === "honest" && plan.pattern === "paid_traffic" && touched && random.chance(plan.paidShare)) {
        order.adClickIds = [random.pick(AD_CLICK_IDS)];
        order.landingUtmMedium = random.chance(0.7) ? "cpc" : random.chance(0.5) ? "paid" : null;
        order.referringDomain = order.adClickIds[0] === "msclkid" ? "bing.com" : order.adClickIds[0] === "fbclid" ? "facebook.com" : order.adClickIds[0] === "ttclid" ? "tiktok.com" : "google.com";
        ordersByRule.get("paid_traffic")!.add(order.shopifyOrderId);
      }
      if (kind === "leak" && random.chance(plan.leakCouponShare)) {
        order.referringDomain = random.pick(couponSites);
        ordersByRule.get("leaked_code")!.add(order.shopifyOrderId);
      }

      const refundRate = kind === "ring" ? 0.85 : plan.pattern === "refund_abuse" && day >= days - 60 ? 0.5 : plan.refundRate;
      if (random.chance(refundRate)) {
        const refundedAt = placedAt.getTime() + random.between(0.2, kind === "ring" ? 4 : 20) * DAY_MS;
        if (refundedAt <= lastMoment) order.firstRefundedAt = new Date(refundedAt);
      } else if (random.chance(0.01)) {
        const cancelledAt = placedAt.getTime() + random.between(0.05, 1) * DAY_MS;
        if (cancelledAt <= lastMoment) order.cancelledAt = new Date(cancelledAt);
      }
      batch.orders.push(order);
    };

    const makeSelfReferral = (order: OrderRow, creator: CreatorPlan) => {
      const modes: SelfReferralMode[] = ["email"];
      // The creator's own device only once they have signed in to the portal (their first session is a day after approval).
      if (order.placedAt.getTime() > creator.row.approvedAt.getTime() + 2 * DAY_MS) modes.push("device");
      if (creator.row.shopifyCustomerId !== null) modes.push("customer_id");
      if (creator.row.phone !== null) modes.push("phone");
      if (creator.row.shippingAddress !== null) modes.push("address");
      const mode = random.pick(modes);
      if (mode === "customer_id") order.customerId = creator.row.shopifyCustomerId;
      if (mode === "email") order.customerEmailKey = signals.hash("email", signals.normaliseEmail(emailVariant(creator.row.email, random)));
      if (mode === "phone") order.customerPhoneKey = keyOrNull(signals, "phone", signals.normalisePhone(phoneVariant(creator.row.phone!, random)));
      if (mode === "address") order.shippingAddressKey = keyOrNull(signals, "address", signals.normaliseAddress(addressVariant(creator.row.shippingAddress!, random)));
      if (mode === "device") {
        order.browserIpHash = signals.hash("ip", creator.homeIp);
        order.userAgentHash = uaHashes[creator.uaIndex]!;
      }
      ordersByRule.get("self_referral")!.add(order.shopifyOrderId);
      selfReferralModes.set(order.shopifyOrderId, mode);
    };

    // Honest daily orders (every creator has them), plus the pattern's extras.
    for (let day = plan.startDay; day < days; day += 1) {
      let mean = plan.weight[day]! * scale;
      if (plan.newCreatorDaily > 0) mean = plan.newCreatorDaily * random.logNormal(0, 0.2);
      if (plan.pattern === "velocity" && plan.newCreatorDaily === 0 && day > days - 1 - plan.spikeDays) {
        mean = Math.max(mean * plan.spikeFactor, mean + 12);
      }
      const count = random.poisson(mean);
      for (let n = 0; n < count; n += 1) addOrder(day, "honest");
      if (plan.pattern === "leaked_code" && day >= plan.leakStartDay) {
        const leakMean = Math.max(plan.weight[day]! * scale * plan.leakFactor, random.between(1.5, 4));
        const leaks = random.poisson(leakMean);
        for (let n = 0; n < leaks; n += 1) addOrder(day, "leak");
      }
      if (batch.orders.length >= batchSize) await flush();
    }
    if (plan.pattern === "refund_abuse") {
      for (let n = 0; n < plan.ringOrders; n += 1) addOrder(days - 1 - random.int(2, 59), "ring", random.pick(ringCustomers));
    }

    // Clicks that did not convert: each link order came with 1/ordersPerClick clicks in all (the converting one above).
    const browsing = Math.round(touchedOrders * (1 / plan.ordersPerClick - 1));
    const firstMoment = momentOn(plan.startDay, 0).getTime();
    for (let n = 0; n < browsing; n += 1) {
      const at = new Date(firstMoment + random.next() * (lastMoment - firstMoment));
      const visitor = random.int(1, 50_000_000);
      const dataCentre = random.chance(0.005);
      const click = addClick(at, signals.hash("ip", `${dataCentre ? "34.120" : "100.64"}.${visitor % 256}.${Math.floor(visitor / 256) % 256}`), uaHashes[visitor % uaHashes.length]!, { fromDataCentre: dataCentre });
      // A person double- or triple-clicking: an honest tiny "burst".
      if (random.chance(0.02)) for (let again = 0; again < random.int(1, 3); again += 1) addClick(new Date(at.getTime() + random.between(5_000, 300_000)), click.ipHash, click.userAgentHash);
    }
    if (plan.pattern === "click_spam") {
      const windowStart = momentOn(days - 14, 0).getTime();
      for (let burst = 0; burst < plan.spamBursts; burst += 1) {
        const ipHash = signals.hash("ip", `35.190.${plan.index % 256}.${burst}`);
        const start = windowStart + random.next() * (lastMoment - windowStart - 3_600_000);
        const size = random.int(30, 200);
        const spanMs = random.between(60_000, 600_000);
        for (let n = 0; n < size; n += 1) addClick(new Date(start + random.next() * spanMs), ipHash, headlessUaHash, { fromDataCentre: true, automated: true });
      }
      const usualDailyClicks = (browsing + touchedOrders) / Math.max(1, days - plan.startDay);
      const extra = Math.max(20, Math.round(usualDailyClicks * 14 * plan.spamFactor));
      for (let n = 0; n < extra; n += 1) {
        const visitor = random.int(1, 1_000_000);
        addClick(new Date(windowStart + random.next() * (lastMoment - windowStart)), signals.hash("ip", `52.14.${visitor % 256}.${Math.floor(visitor / 256) % 256}`), random.chance(0.5) ? headlessUaHash : uaHashes[visitor % uaHashes.length]!, {
          fromDataCentre: random.chance(0.7),
          automated: random.chance(0.5),
        });
      }
    }
    if (batch.orders.length >= batchSize || batch.clicks.length >= batchSize * 3) await flush();
  }
  await flush();

  return {
    labels: { creatorsByRule: labelsByRule, ordersByRule, patternOf },
    orders: orderCount,
    creators: options.creators,
    clicks: clickCount,
    firstDay: dayString(0),
    lastDay,
    selfReferralModes,
  };
}

function emptyBatch(): CorpusBatch {
  return { creators: [], orders: [], clicks: [], sessions: [], payoutProfiles: [], taxForms: [] };
}

function keyOrNull(signals: CorpusSignals, kind: SignalKind, normalised: string | null): string | null {
  return normalised === null ? null : signals.hash(kind, normalised);
}

/** Exactly round(rate × creators) creators per pattern, spread over the creator list by the RNG. */
function assignPatterns(creators: number, rates: Record<InjectedRule, number>, random: CorpusRandom): (InjectedRule | null)[] {
  const slots: (InjectedRule | null)[] = Array.from({ length: creators }, () => null);
  const order = Array.from({ length: creators }, (_, n) => n);
  for (let n = order.length - 1; n > 0; n -= 1) {
    const k = Math.floor(random.next() * (n + 1));
    [order[n], order[k]] = [order[k]!, order[n]!];
  }
  let next = 0;
  for (const rule of INJECTED_RULES) {
    const count = Math.round(rates[rule] * creators);
    for (let n = 0; n < count && next < order.length; n += 1) slots[order[next++]!] = rule;
  }
  return slots;
}

/** duplicate_identity creators form groups of 2–3 sharing one kind of identity with the group's first member. */
function formIdentityGroups(plans: CreatorPlan[], random: CorpusRandom) {
  const members = plans.filter((plan) => plan.pattern === "duplicate_identity");
  for (let start = 0; start < members.length; ) {
    let size = random.chance(0.7) ? 2 : 3;
    if (members.length - start - size === 1) size += 1; // never leave a group of one
    if (members.length - start < size) size = members.length - start;
    const kind = random.pick(["payout_destination", "payout_destination", "tin", "device", "device"] as const);
    const group = members.slice(start, start + size);
    for (const plan of group) {
      plan.sharedKind = kind;
      plan.groupLeader = group[0]!.index;
    }
    if (size === 1) group[0]!.sharedKind = null; // a lone member (only when the rate yields one creator) shares nothing
    start += size;
  }
}

function estimateExtra(plan: CreatorPlan, days: number): number {
  if (plan.pattern === "leaked_code") return (days - plan.leakStartDay) * 4;
  if (plan.pattern === "refund_abuse") return plan.ringOrders;
  if (plan.pattern === "velocity") return plan.newCreatorDaily > 0 ? plan.newCreatorDaily * (days - plan.startDay) : plan.spikeDays * 10;
  return 0;
}

const FIRST_NAMES = ["anna", "ben", "carla", "dev", "elena", "farid", "grace", "hugo", "ines", "jon", "kira", "leo", "maya", "nico", "olga", "pablo"];
function pickName(random: CorpusRandom) {
  return random.pick(FIRST_NAMES);
}

/** The creator's email as a checkout might carry it: Gmail dots and +tags, any domain's +tag, upper case. */
function emailVariant(email: string, random: CorpusRandom): string {
  const [local, domain] = email.split("@") as [string, string];
  let variant = local;
  if (domain === "gmail.com" && random.chance(0.5) && variant.length > 3) variant = `${variant.slice(0, 2)}.${variant.slice(2)}`;
  if (random.chance(0.5)) variant = `${variant}+${random.pick(["promo", "shop", "deals"])}`;
  const full = `${variant}@${domain}`;
  return random.chance(0.5) ? full.toUpperCase() : full;
}

/** "+1 555 123 4567" as "(555) 123-4567" or "555.123.4567". */
function phoneVariant(phone: string, random: CorpusRandom): string {
  const digits = phone.replace(/\D/g, "").slice(-10);
  return random.chance(0.5) ? `+1 (${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` : `001 ${digits.slice(0, 3)}.${digits.slice(3, 6)}.${digits.slice(6)}`;
}

/** The creator's address with abbreviations, case and punctuation changed. */
function addressVariant(address: PostalAddress, random: CorpusRandom): PostalAddress {
  let line1 = address.line1;
  for (const [, long, short] of STREETS) line1 = line1.replace(long, random.chance(0.5) ? `${short}.` : short.toUpperCase());
  const line2 = address.line2 === undefined ? undefined : address.line2.replace("Apartment", random.chance(0.5) ? "Apt" : "apt.");
  return { ...address, line1: random.chance(0.5) ? line1.toLowerCase() : line1, line2, city: address.city.toUpperCase(), region: address.region?.toLowerCase() };
}

// ───────────────────────────── The PostgreSQL sink ─────────────────────────────

/**
 * Writes one batch with multi-row INSERT … SELECT FROM unnest($arrays) (one statement per table per batch). The rows
 * are those the app writes for these records; what is simplified:
 * - AttributedOrder.attribution is a minimal AttributionDecision ({creatorId, signal, reason, considered: [], flags: []});
 * - the Commission row (insertCommissions, after all orders) holds a REAL ledger state for its status built by the
 *   ledger domain (applyEvent) from a template with the order's ids, dates and amount substituted, like
 *   seed-payouts.ts; derivation and pricedOrder are left minimal, and LedgerEntry rows are not written (nothing the
 *   risk scan reads; holds append their own entries);
 * - creators have no DiscountCode rows (orders carry creditedCode, which is what the rules read).
 */
export async function writeCorpusBatch(client: pg.Client, shop: string, batch: CorpusBatch): Promise<void> {
  if (batch.creators.length > 0) {
    const rows = batch.creators;
    await client.query(
      `INSERT INTO "Creator"(id, shop, handle, name, email, status, "refToken", "shopifyCustomerId", phone, "shippingAddress", "createdAt", "updatedAt", "approvedAt")
       SELECT id, $1, handle, name, email, 'approved', 'r_' || handle, customer, phone, address::jsonb, created, created, approved
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::timestamptz[])
         AS t(id, handle, name, email, customer, phone, address, created, approved)`,
      [shop, rows.map((r) => r.id), rows.map((r) => r.handle), rows.map((r) => r.name), rows.map((r) => r.email), rows.map((r) => r.shopifyCustomerId), rows.map((r) => r.phone),
        rows.map((r) => (r.shippingAddress === null ? null : JSON.stringify(r.shippingAddress))), rows.map((r) => r.createdAt), rows.map((r) => r.approvedAt)],
    );
  }
  if (batch.payoutProfiles.length > 0) {
    const rows = batch.payoutProfiles;
    await client.query(
      `INSERT INTO "CreatorPayoutProfile"(id, shop, "creatorId", method, "paypalEmail", "destinationKey", "updatedAt", "createdAt")
       SELECT 'fp_' || creator, $1, creator, 'paypal', email, key, now(), now() FROM unnest($2::text[], $3::text[], $4::text[]) AS t(creator, email, key)`,
      [shop, rows.map((r) => r.creatorId), rows.map((r) => r.paypalEmail), rows.map((r) => r.destinationKey)],
    );
  }
  if (batch.taxForms.length > 0) {
    const rows = batch.taxForms;
    await client.query(
      `INSERT INTO "CreatorTaxForm"(id, shop, "creatorId", kind, "legalName", "taxClassification", country, address, "tinType", "tinLast4", "tinKey", "signatureName", "signedAt", "createdAt")
       SELECT 'ft_' || creator, $1, creator, 'w9', legal, 'individual', 'US', address::jsonb, 'ssn', last4, key, legal, signed, signed
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[]) AS t(creator, legal, address, last4, key, signed)`,
      [shop, rows.map((r) => r.creatorId), rows.map((r) => r.legalName), rows.map((r) => JSON.stringify(r.address)), rows.map((r) => r.tinLast4), rows.map((r) => r.tinKey), rows.map((r) => r.signedAt)],
    );
  }
  if (batch.sessions.length > 0) {
    const rows = batch.sessions;
    await client.query(
      `INSERT INTO "CreatorPortalSession"(id, shop, "creatorId", "sessionHash", "ipHash", "userAgentHash", "deviceHash", "createdAt", "lastSeenAt", "expiresAt")
       SELECT id, $1, creator, 'sh_' || id, ip, ua, device, created, seen, seen + interval '30 days'
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[]) AS t(id, creator, ip, ua, device, created, seen)`,
      [shop, rows.map((r) => r.id), rows.map((r) => r.creatorId), rows.map((r) => r.ipHash), rows.map((r) => r.userAgentHash), rows.map((r) => r.deviceHash), rows.map((r) => r.createdAt), rows.map((r) => r.lastSeenAt)],
    );
  }
  if (batch.clicks.length > 0) {
    const rows = batch.clicks;
    await client.query(
      `INSERT INTO "Click"(id, shop, "creatorId", "clickId", "landingPath", "referrerHost", "ipHash", "userAgentHash", "fromDataCentre", automated, "createdAt")
       SELECT id, $1, creator, click, '/', referrer, ip, ua, dc, bot, at
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bool[], $9::bool[], $10::timestamptz[])
         AS t(id, creator, click, referrer, ip, ua, dc, bot, at)`,
      [shop, rows.map((r) => r.id), rows.map((r) => r.creatorId), rows.map((r) => r.clickId), rows.map((r) => r.referrerHost), rows.map((r) => r.ipHash),
        rows.map((r) => r.userAgentHash), rows.map((r) => r.fromDataCentre), rows.map((r) => r.automated), rows.map((r) => r.at)],
    );
  }
  if (batch.orders.length > 0) {
    const rows = batch.orders;
    await client.query(
      `INSERT INTO "AttributedOrder"(id, shop, "shopifyOrderId", "shopifyOrderLegacyId", name, "orderCreatedAt", currency, "presentmentCurrency", "baseMinor",
         "presentmentBaseMinor", "customerId", test, attribution, "creatorId", "clickId", status, "cancelledAt", "sourceWebhookEventId", "recordedAt", "updatedAt",
         "browserIpHash", "userAgentHash", "customerEmailKey", "customerPhoneKey", "shippingAddressKey", "referringDomain", "adClickIds", "landingUtmMedium",
         "creditedCode", "creditedSignal", "creatorTouched", "firstRefundedAt")
       SELECT id, $1, gid, legacy, name, placed, 'USD', 'USD', base, base, customer, false,
              jsonb_build_object('creatorId', creator, 'signal', signal, 'reason', 'Credited by its ' || signal || ' (benchmark corpus).', 'considered', '[]'::jsonb, 'flags', '[]'::jsonb),
              creator, click, 'attributed', cancelled, 'bench:' || id, placed, placed,
              ip, ua, email, phone, address, referrer, string_to_array(ads, ','), utm, code, signal, touched, refunded
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::bigint[], $8::text[], $9::text[], $10::text[], $11::timestamptz[],
                   $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::bool[], $23::timestamptz[])
         AS t(id, gid, legacy, name, placed, base, customer, creator, click, cancelled, ip, ua, email, phone, address, referrer, ads, utm, code, signal, touched, refunded)`,
      [shop, rows.map((r) => r.id), rows.map((r) => r.shopifyOrderId), rows.map((r) => r.legacyId), rows.map((r) => r.name), rows.map((r) => r.placedAt), rows.map((r) => r.baseMinor),
        rows.map((r) => r.customerId), rows.map((r) => r.creatorId), rows.map((r) => r.clickRowId), rows.map((r) => r.cancelledAt), rows.map((r) => r.browserIpHash),
        rows.map((r) => r.userAgentHash), rows.map((r) => r.customerEmailKey), rows.map((r) => r.customerPhoneKey), rows.map((r) => r.shippingAddressKey),
        rows.map((r) => r.referringDomain), rows.map((r) => (r.adClickIds.length === 0 ? "" : r.adClickIds.join(","))), rows.map((r) => r.landingUtmMedium),
        rows.map((r) => r.creditedCode), rows.map((r) => r.creditedSignal), rows.map((r) => r.creatorTouched), rows.map((r) => r.firstRefundedAt)],
    );
  }
}

const SENTINEL_ORDER = "ORDER_ID_SENTINEL";
const SENTINEL_CREATOR = "CREATOR_ID_SENTINEL";
const SENTINEL_AMOUNT = 987_654_321n;
const SENTINEL_DATE = new Date("2001-02-03T04:05:06.000Z");

/** A commission's ledger state for `status`, built by the ledger domain, with sentinels to substitute in SQL. */
function ledgerTemplate(status: "pending" | "approved" | "reversed"): CommissionLedgerState {
  const currency = "USD";
  const events: LedgerEvent[] = [{
    type: "order_created", eventId: `order_created:${SENTINEL_ORDER}`, orderId: SENTINEL_ORDER, creatorId: SENTINEL_CREATOR, orderCreatedAt: SENTINEL_DATE, test: false,
    commission: { ruleVersionId: "program-settings:v1", currency, lines: [{ lineItemId: "line-1", quantity: 1, commission: { amountMinor: SENTINEL_AMOUNT, currency } }] },
  }];
  if (status === "approved") events.push({ type: "commission_approved", eventId: "approval:bench" });
  if (status === "reversed") {
    events.push({ type: "order_cancelled", eventId: "cancel:bench", cancelledAt: SENTINEL_DATE, reason: "Refunded or cancelled (benchmark corpus)" });
  }
  let state: CommissionLedgerState | null = null;
  for (const event of events) {
    const result = applyEvent(state, event, new Date("2026-12-07T00:00:00Z"));
    if (result.outcome !== "applied") throw new Error(`The corpus's ${status} ledger did not apply ${event.type}: ${result.outcome}`);
    state = result.state;
  }
  if (state === null || state.status !== status) throw new Error(`The corpus's ${status} ledger ended ${state?.status}.`);
  return state;
}

/**
 * One Commission per attributed order, set-wise from the orders: refunded or cancelled orders → reversed (the whole
 * accrual reversed, net 0), orders older than the 30-day holding period → approved, the rest pending. Refunds are
 * simplified to full reversals (a partial refund would leave a part; the rules read refunds from the orders).
 */
export async function insertCommissions(client: pg.Client, shop: string, lastDay: string): Promise<void> {
  const cutoff = new Date(Date.parse(`${lastDay}T00:00:00Z`) - 30 * 86_400_000);
  for (const status of ["pending", "approved", "reversed"] as const) {
    const state = ledgerTemplate(status);
    const text = JSON.stringify(toLedgerJson(state));
    const condition = status === "reversed"
      ? `("firstRefundedAt" IS NOT NULL OR "cancelledAt" IS NOT NULL)`
      : status === "approved"
        ? `"firstRefundedAt" IS NULL AND "cancelledAt" IS NULL AND "orderCreatedAt" < $4`
        : `"firstRefundedAt" IS NULL AND "cancelledAt" IS NULL AND "orderCreatedAt" >= $4`;
    await client.query(
      `INSERT INTO "Commission"(id, shop, "shopifyOrderId", "creatorId", status, currency, "netMinor", "paidMinor", "ruleVersionId", derivation, "ledgerState",
                                "orderCreatedAt", "createdAt", "updatedAt")
       SELECT 'fm' || substr(o.id, 3), o.shop, o."shopifyOrderId", o."creatorId", $2::"CommissionStatus", 'USD',
              CASE WHEN $2 = 'reversed' THEN 0 ELSE o."baseMinor" / 10 END, 0, 'program-settings:v1', '{}'::jsonb,
              replace(replace(replace(replace($3::text, '${SENTINEL_ORDER}', o."shopifyOrderId"), '${SENTINEL_CREATOR}', o."creatorId"),
                      '${SENTINEL_AMOUNT}', (o."baseMinor" / 10)::text), '${SENTINEL_DATE.toISOString()}', to_char(o."orderCreatedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::jsonb,
              o."orderCreatedAt", o."orderCreatedAt", now()
       FROM "AttributedOrder" o WHERE o.shop = $1 AND ${condition}`,
      status === "reversed" ? [shop, status, text] : [shop, status, text, cutoff],
    );
  }
}
