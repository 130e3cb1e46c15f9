/*
 * The fraud and risk domain's contract (Part 8). Pure: no Prisma, Remix, fetch or @shopify/*; `now` is an argument.
 *
 * A rule is DATA (FraudRuleDefinition): its id, the scope it runs in, its settings schema with defaults and a one-line
 * description, and a pure evaluate function that returns verdicts. Each verdict carries a severity, plain words, the
 * evidence a person needs to decide (the numbers compared, the orders, the clicks, a series when a trend is the
 * reason) and a patternKey (what matched), so "dismiss" can teach the rule to skip that pattern for that creator.
 *
 * Identity values never reach this domain raw: the service hashes the NORMALISED value (normalize-identity.ts) with
 * a keyed hash, and rules compare those keys ("…Key" / "…Hash" fields).
 */

export type RiskRuleId =
  | "self_referral"
  | "leaked_code"
  | "paid_traffic"
  | "click_spam"
  | "velocity"
  | "refund_abuse"
  | "duplicate_identity";

export type RiskSeverity = "low" | "medium" | "high";
export type RiskAction = "flag" | "hold";

/** order: runs when an order is processed, from the order and its creator alone. history: the nightly risk scan. */
export type RiskRuleScope = "order" | "history";

/** Settings every rule has; a rule's own schema adds its specific fields (window, minimum counts…). */
export type BaseRuleSettings = {
  readonly enabled: boolean;
  readonly action: RiskAction;
  /** The rule's main threshold, in the unit its description names (a z-score, a share, a count…). */
  readonly threshold: number;
};

export type RiskFact = { readonly label: string; readonly value: string };

/** A number compared with what is normal, e.g. "code-only share 86 % against her usual 20 % (flag above 60 %)". */
export type RiskComparison = {
  readonly metric: string;
  readonly observed: number;
  readonly baseline: number;
  readonly threshold: number;
  /** "share" (0..1, shown as %), "count", "z" (a robust z-score), "ratio", "minor" (money in minor units, shop currency). */
  readonly unit: "share" | "count" | "z" | "ratio" | "minor";
};

export type RiskEvidenceOrder = { readonly orderId: string; readonly name: string | null; readonly placedAt: string; readonly note: string };
export type RiskEvidenceClick = { readonly at: string; readonly ipHash: string; readonly note: string };
/** A small trend chart: one point per shop-local day ("YYYY-MM-DD"). */
export type RiskEvidenceSeries = {
  readonly label: string;
  readonly unit: "count" | "minor";
  readonly points: readonly { readonly day: string; readonly value: number }[];
  /** The baseline drawn as a second line (e.g. the weekday median), when the rule compares against one. */
  readonly baseline?: readonly { readonly day: string; readonly value: number }[];
};

export type RiskEvidence = {
  readonly facts: readonly RiskFact[];
  readonly compared?: readonly RiskComparison[];
  /** At most 50, newest first; `facts` says how many there were in all. */
  readonly orders?: readonly RiskEvidenceOrder[];
  readonly clicks?: readonly RiskEvidenceClick[];
  readonly series?: RiskEvidenceSeries;
  /** Other creators involved (duplicate identity). */
  readonly relatedCreatorIds?: readonly string[];
  /** A suggested action in the merchant's words, e.g. "Rotate code ANNA10: a new code in Shopify, the old one off." */
  readonly suggestion?: string;
};

/** What one rule concluded about one creator (history rules) or one order (order rules). */
export type RiskVerdict = {
  readonly rule: RiskRuleId;
  readonly creatorId: string;
  readonly severity: RiskSeverity;
  /** What matched; stable across runs for the same pattern (dismissals key on it). */
  readonly patternKey: string;
  /** Plain words, one or two sentences, with the numbers. */
  readonly summary: string;
  readonly evidence: RiskEvidence;
  /** The orders whose commissions the verdict is about (held when the action is hold). */
  readonly orderIds: readonly string[];
  /** orders: hold only `orderIds`. creator: hold every pending/approved commission of the creator (a creator-level flag). */
  readonly holdScope: "orders" | "creator";
};

/** An order rule's outcome on one order: what the order page lists. */
export type OrderRuleOutcome =
  | { readonly rule: RiskRuleId; readonly verdict: "pass"; readonly summary: string }
  | { readonly rule: RiskRuleId; readonly verdict: "skipped"; readonly summary: string }
  | { readonly rule: RiskRuleId; readonly verdict: "flag"; readonly summary: string; readonly flag: RiskVerdict; readonly action: RiskAction }
  | { readonly rule: RiskRuleId; readonly verdict: "dismissed"; readonly summary: string; readonly flag: RiskVerdict }
  | { readonly rule: RiskRuleId; readonly verdict: "error"; readonly summary: string };

/** The order, as the order rules see it (AttributedOrder's risk columns plus the joined click). */
export type OrderRiskFacts = {
  readonly orderId: string;
  readonly orderName: string | null;
  readonly placedAt: Date;
  readonly creatorId: string;
  readonly creditedSignal: "code" | "link" | "landing_site" | "customer";
  readonly creditedCode: string | null;
  /** A link, ref or click of the credited creator was on the order. */
  readonly creatorTouched: boolean;
  readonly customerId: string | null;
  readonly customerEmailKey: string | null;
  readonly customerPhoneKey: string | null;
  readonly shippingAddressKey: string | null;
  readonly browserIpHash: string | null;
  readonly userAgentHash: string | null;
  readonly referringDomain: string | null;
  readonly adClickIds: readonly string[];
  readonly landingUtmMedium: string | null;
  /** The click the cart named, when it is the credited creator's. */
  readonly click: { readonly ipHash: string; readonly userAgentHash: string; readonly at: Date } | null;
};

/** Who the creator is, as keys (for self-referral) — the service hashes the normalised values. */
export type CreatorIdentity = {
  readonly creatorId: string;
  readonly customerIds: readonly string[];
  readonly emailKeys: readonly string[];
  readonly phoneKeys: readonly string[];
  readonly addressKeys: readonly string[];
  /** From the creator's portal sessions (sign-ins), newest first, at most 50. */
  readonly portalDevices: readonly { readonly ipHash: string | null; readonly userAgentHash: string | null; readonly seenAt: Date }[];
};

export type OrderRuleInput = {
  readonly order: OrderRiskFacts;
  readonly creator: CreatorIdentity;
  /** Coupon/deal site domains: the maintained list plus the shop's additions (lower-case, no "www."). */
  readonly couponSites: ReadonlySet<string>;
  readonly paidSearchForbidden: boolean;
};

/** The patterns a person dismissed for this creator: rule → patternKeys. */
export type Dismissals = ReadonlyMap<RiskRuleId, ReadonlySet<string>>;

/**
 * A rule as data. `Settings` extends BaseRuleSettings; `schema` is a zod schema for the rule's settings object (the
 * domain depends on zod, which is pure), `defaults` fills every field, `describe` reads settings in one line
 * ("Hold when a customer matches the creator by id, email, phone, address or device.").
 */
export type FraudRuleDefinition<Input, Settings extends BaseRuleSettings = BaseRuleSettings> = {
  readonly id: RiskRuleId;
  readonly title: string;
  readonly scope: RiskRuleScope;
  readonly defaults: Settings;
  readonly describe: (settings: Settings) => string;
  /** Verdicts for the creators / order that the rule flags (nothing for a pass). Throws only on a bug: callers catch. */
  readonly evaluate: (input: Input, settings: Settings, now: Date) => readonly RiskVerdict[];
};

// ───────────── History rules (nightly scan): what the scan loads, set-wise, for every creator ─────────────

/** One shop-local day of one creator (days with nothing are absent; rules fill the gaps with zeros). */
export type CreatorDay = {
  /** "YYYY-MM-DD" in the shop's time zone. */
  readonly day: string;
  readonly orders: number;
  /** Σ AttributedOrder.baseMinor (shop currency): a statistic, not a money path. */
  readonly revenueMinor: number;
  /** Orders credited by a code. */
  readonly codeOrders: number;
  /** …of which carried no link, ref or click of the creator (creatorTouched = false). */
  readonly codeOnlyOrders: number;
  readonly clicks: number;
  readonly refundedOrders: number;
  readonly cancelledOrders: number;
};

/** An order of the recent window, for evidence and holds. */
export type WindowOrder = {
  readonly orderId: string;
  readonly name: string | null;
  readonly placedAt: Date;
  readonly day: string;
  readonly code: string | null;
  readonly codeOnly: boolean;
  readonly customerKey: string | null;
  readonly referringDomain: string | null;
  readonly refunded: boolean;
  readonly cancelled: boolean;
};

/** Clicks from one hashed IP + user agent on one creator's links inside `burstMinutes`. */
export type ClickBurst = {
  readonly ipHash: string;
  readonly userAgentHash: string;
  readonly clicks: number;
  readonly firstAt: Date;
  readonly lastAt: Date;
};

export type CreatorHistory = {
  readonly creatorId: string;
  readonly name: string;
  readonly approvedAt: Date | null;
  readonly firstOrderAt: Date | null;
  /** Ascending; covers the baseline period and the window (scan settings say how many days). */
  readonly days: readonly CreatorDay[];
  /** The window's orders (the last `windowDays`), newest first. */
  readonly windowOrders: readonly WindowOrder[];
  readonly windowClicks: { readonly total: number; readonly fromDataCentre: number; readonly automated: number };
  /** The largest bursts in the window, largest first, at most 10. */
  readonly clickBursts: readonly ClickBurst[];
};

/** Program-wide figures the creator is compared with (all creators, the baseline period). */
export type ProgramBaseline = {
  readonly codeOnlyShare: number;
  readonly refundRate: number;
  readonly cancelRate: number;
  readonly ordersPerClick: number;
  /** Orders in each recent new creator's first `newCreatorDays` days (for "far above a typical new creator"). */
  readonly newCreatorFirstOrders: readonly number[];
  /**
   * Optional: the whole program's attributed orders per shop-local day over the history (ascending, gaps = 0). When
   * given, velocity divides a creator's day by the program's lift that day (a sale or holiday lifts everyone), so
   * only a creator rising far above the program is flagged.
   */
  readonly dailyOrders?: readonly { readonly day: string; readonly orders: number }[];
};

/** Identity keys that more than one creator share (found set-wise in SQL). */
export type IdentityLink = {
  readonly kind: "payout_destination" | "tin" | "email_domain" | "device";
  readonly key: string;
  /** What a person may see: "PayPal ••••@gmail.com", "IBAN ••••1234", "domain northwind.io", "the same browser". */
  readonly label: string;
  readonly creatorIds: readonly string[];
};

export type HistoryRuleInput = {
  /** The scan's shop-local day ("YYYY-MM-DD"); the window ends with it. */
  readonly today: string;
  readonly creators: readonly CreatorHistory[];
  readonly program: ProgramBaseline;
  readonly identities: readonly IdentityLink[];
  /** Creators whose sign-in email is at a disposable-email domain (applications). */
  readonly disposableEmails: readonly { readonly creatorId: string; readonly domain: string }[];
  readonly couponSites: ReadonlySet<string>;
};
