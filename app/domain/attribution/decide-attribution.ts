import type {
  AttributionCreator,
  AttributionDecision,
  AttributionFlag,
  AttributionInput,
  AttributionOrder,
  AttributionPrecedence,
  AttributionSignal,
  ConsideredSignal,
} from "./attribution-types";
import { findCodeStatusAt, readCodeText } from "./find-code-status-at";
import { parseCaptureTime } from "./parse-capture-time";
import { readLandingSiteRef } from "./read-landing-site-ref";
import { readReferralAttributes } from "./read-referral-attributes";

const DAY_MS = 86_400_000;

/**
 * The capture time comes from the buyer's browser clock. A few minutes "after" the order is clock skew, not
 * fraud; more than this is treated as an invalid time.
 */
export const CAPTURE_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Which accepted signal wins, best first. Two kinds of link exist: `landing_site` (the `?ref=` on the first page
 * of the very session that placed the order) and `link` (the ref the theme embed stored in the cart, possibly
 * captured days earlier and re-used within the cookie window).
 *
 * - code_first: a code the buyer typed beats any link; between links, this session's landing page beats a
 *   remembered ref.
 * - link_first: links beat codes (codes leak to coupon sites; a link proves the buyer came through the creator);
 *   between links, this session's landing page beats a remembered ref.
 * - last_touch: the most recent touch wins. A code is entered at checkout, so it is always the latest touch.
 *   The cart ref is rewritten by the embed every time a visitor arrives through a ref link, so when it disagrees
 *   with the landing page it was captured later in the session, and beats it.
 * Under every precedence a customer's lifetime referral comes last: it credits the creator who brought the
 * customer only when nothing on the order itself (a code, a link) names a creator.
 */
export const SIGNAL_PRECEDENCE: Readonly<Record<AttributionPrecedence, readonly AttributionSignal[]>> = {
  code_first: ["code", "landing_site", "link", "customer"],
  link_first: ["landing_site", "link", "code", "customer"],
  last_touch: ["code", "link", "landing_site", "customer"],
};

const PRECEDENCE_EXPLANATIONS: Readonly<Record<AttributionPrecedence, string>> = {
  code_first: "code_first: a discount code beats a link",
  link_first: "link_first: a link beats a discount code",
  last_touch: "last_touch: the most recent touch wins (a code is entered at checkout, the latest moment)",
};

const SIGNAL_NAMES: Readonly<Record<AttributionSignal, string>> = {
  code: "discount code",
  link: "cart ref",
  landing_site: "landing_site ref",
  customer: "customer referral",
};

type Candidate = {
  signal: AttributionSignal;
  value: string;
  creatorId: string | null;
  accepted: boolean;
  reason: string;
  capturedAt: Date | null;
  clickId: string | null;
  flags: AttributionFlag[];
  /** Why the buyer is the creator, when they are (the signal is accepted all the same). */
  selfReferral?: string;
};

/**
 * Decides which creator, if any, earns on an order, and explains why. Exactly one creator or none: every signal
 * is judged on its own (known creator, earning status, cookie window), then the shop's precedence picks one winner
 * among the accepted signals. `now` only guards against capture times in the future.
 *
 * A self-referral (the buyer is the creator, by email or customer id) is NOT rejected: the signal is credited and
 * the decision carries the "self_referral" flag, so the commission exists and the fraud domain's self_referral rule
 * holds it for review (app/services/fraud/check-order-risk.server.ts) instead of the money silently vanishing. A
 * clean signal of another creator still outranks a self-referring one under every precedence: a creator who shopped
 * through someone else's link was brought by that link, whatever code they typed.
 */
export function decideAttribution(input: AttributionInput, now: Date): AttributionDecision {
  const { order, creators, settings } = input;
  if (!Number.isInteger(settings.cookieWindowDays) || settings.cookieWindowDays < 0) {
    throw new RangeError(
      `The cookie window must be a whole number of days (0 or more), got ${settings.cookieWindowDays}.`,
    );
  }

  const candidates = [
    ...judgeCodes(order, creators),
    ...judgeCartRef(order, creators, settings.cookieWindowDays, now),
    ...judgeLandingSite(order, creators),
    ...judgeCustomerReferral(order, creators),
  ];

  const ranking = SIGNAL_PRECEDENCE[settings.precedence];
  const accepted = candidates
    .filter((candidate) => candidate.accepted)
    // Array#sort is stable, so two codes keep the order Shopify listed them in.
    .sort((left, right) => Number(isSelfReferral(left)) - Number(isSelfReferral(right)) || ranking.indexOf(left.signal) - ranking.indexOf(right.signal));
  const winner = accepted[0] ?? null;

  // "self_referral" says the CREDITED creator is the buyer (what the order page and the risk rule act on); an
  // outranked self-referring signal keeps its words in `considered`.
  const flags = new Set<AttributionFlag>(candidates.flatMap((candidate) => candidate === winner ? candidate.flags : candidate.flags.filter((flag) => flag !== "self_referral")));
  const acceptedCreators = new Set(accepted.map((candidate) => candidate.creatorId));
  if (acceptedCreators.size > 1) flags.add("conflicting_signals");

  const considered: ConsideredSignal[] = candidates.map((candidate) => {
    const credited = candidate === winner;
    const outranked = candidate.accepted && !credited && winner !== null;
    const why = outranked && isSelfReferral(candidate) && !isSelfReferral(winner)
      ? "a creator's own purchase never outranks another creator's signal"
      : PRECEDENCE_EXPLANATIONS[settings.precedence];
    const reason = candidate.selfReferral === undefined ? candidate.reason
      : `${candidate.reason}; ${credited ? describeSelfReferral(candidate.selfReferral) : `self-referral: ${candidate.selfReferral}`}`;
    return {
      signal: candidate.signal,
      value: candidate.value,
      creatorId: candidate.creatorId,
      accepted: candidate.accepted,
      credited,
      reason: outranked ? `${reason}; outranked by the ${SIGNAL_NAMES[winner.signal]} "${winner.value}" (${why})` : reason,
      capturedAt: candidate.capturedAt,
      clickId: candidate.clickId,
    };
  });

  return {
    creatorId: winner?.creatorId ?? null,
    signal: winner?.signal ?? null,
    reason: explainDecision(winner, candidates, accepted, settings.precedence),
    considered,
    flags: [...flags],
  };
}

function explainDecision(
  winner: Candidate | null,
  candidates: readonly Candidate[],
  accepted: readonly Candidate[],
  precedence: AttributionPrecedence,
): string {
  if (winner === null) {
    if (candidates.length === 0) return "No creator signal on this order: no discount code, cart ref, landing_site ref or customer referral.";
    return `No creator credited: ${candidates.map((candidate) => `${SIGNAL_NAMES[candidate.signal]} "${candidate.value}": ${candidate.reason}`).join("; ")}.`;
  }
  const credited = `Credited to creator ${winner.creatorId} by the ${SIGNAL_NAMES[winner.signal]} "${winner.value}"` +
    (winner.selfReferral === undefined ? "" : `; ${describeSelfReferral(winner.selfReferral)}`);
  const others = accepted.filter((candidate) => candidate !== winner);
  if (others.length === 0) return `${credited}.`;
  const byPrecedence = others.some((candidate) => isSelfReferral(candidate) === isSelfReferral(winner));
  const outranked = others.map((candidate) => `${SIGNAL_NAMES[candidate.signal]} "${candidate.value}" (creator ${candidate.creatorId}` +
    `${isSelfReferral(candidate) && !isSelfReferral(winner) ? ", a self-referral" : ""})`);
  return `${credited}${byPrecedence ? ` (${PRECEDENCE_EXPLANATIONS[precedence]})` : ""}; also valid but outranked: ${outranked.join(", ")}.`;
}

function judgeCodes(order: AttributionOrder, creators: readonly AttributionCreator[]): Candidate[] {
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const code of order.discountCodes) {
    const key = normalizeToken(code);
    if (key === "" || seen.has(key)) continue;
    seen.add(key);
    candidates.push(
      judgeCreatorMatch({ signal: "code", value: code.trim(), capturedAt: null, clickId: null }, creators, order),
    );
  }
  return candidates;
}

function judgeCartRef(
  order: AttributionOrder,
  creators: readonly AttributionCreator[],
  cookieWindowDays: number,
  now: Date,
): Candidate[] {
  const attributes = readReferralAttributes(order.noteAttributes);
  if (attributes.ref === null) return [];
  const base = { signal: "link" as const, value: attributes.ref, creatorId: null, clickId: attributes.clickId };
  const owner = findCreatorsByToken(attributes.ref, creators, "refTokens");
  const creatorId = owner.length === 1 ? (owner[0]?.id ?? null) : null;

  if (attributes.capturedAt === null) {
    return [{
      ...base, creatorId, accepted: false, capturedAt: null, flags: [],
      reason: "the cart ref has no capture time, so its age is unknown; a ref without a time only counts when the " +
        "same order's landing_site carries it",
    }];
  }
  const capturedAt = parseCaptureTime(attributes.capturedAt);
  if (capturedAt === null) {
    return [{
      ...base, creatorId, accepted: false, capturedAt: null, flags: ["invalid_capture_time"],
      reason: `the capture time ${JSON.stringify(attributes.capturedAt)} is not an ISO 8601 instant`,
    }];
  }
  const latestAllowed = Math.min(order.createdAt.getTime(), now.getTime()) + CAPTURE_CLOCK_SKEW_MS;
  if (capturedAt.getTime() > latestAllowed) {
    return [{
      ...base, creatorId, accepted: false, capturedAt, flags: ["invalid_capture_time"],
      reason: `the ref was captured at ${capturedAt.toISOString()}, after the order was placed ` +
        `(${order.createdAt.toISOString()}); a capture time cannot be in the future`,
    }];
  }
  const age = order.createdAt.getTime() - capturedAt.getTime();
  if (age > cookieWindowDays * DAY_MS) {
    return [{
      ...base, creatorId, accepted: false, capturedAt, flags: ["expired_link"],
      reason: `the ref was captured ${describeAge(age)} before the order, outside the ${cookieWindowDays}-day ` +
        `cookie window`,
    }];
  }
  return [judgeCreatorMatch({ signal: "link", value: attributes.ref, capturedAt, clickId: attributes.clickId }, creators, order)];
}

function judgeLandingSite(order: AttributionOrder, creators: readonly AttributionCreator[]): Candidate[] {
  const ref = readLandingSiteRef(order.landingSite);
  if (ref === null) return [];
  // No window check: the landing page belongs to the session that placed this very order.
  return [judgeCreatorMatch({ signal: "landing_site", value: ref, capturedAt: null, clickId: null }, creators, order)];
}

function judgeCreatorMatch(
  signal: Pick<Candidate, "signal" | "value" | "capturedAt" | "clickId">,
  creators: readonly AttributionCreator[],
  order: AttributionOrder,
): Candidate {
  const field = signal.signal === "code" ? "codes" : "refTokens";
  let matches = findCreatorsByToken(signal.value, creators, field);
  const reject = (reason: string, flags: AttributionFlag[], creatorId: string | null = null): Candidate => ({
    ...signal, creatorId, accepted: false, reason, flags,
  });

  if (signal.signal === "code" && matches.length > 0) {
    // Only a code that was live when the order was placed can have brought it (Shopify refuses one that is off),
    // even when the webhook arrives after the code was switched off; see findCodeStatusAt.
    const statuses = matches.map((creator) => ({ creator, ...findLiveStatus(creator, signal.value, order.createdAt) }));
    const live = statuses.filter((entry) => entry.status === "active");
    if (live.length === 0) {
      const off = statuses[0];
      return reject(describeOffCode(signal.value, off?.status ?? "not_yet", off?.since ?? null, order.createdAt), ["inactive_code"], statuses.length === 1 ? (off?.creator.id ?? null) : null);
    }
    matches = live.map((entry) => entry.creator);
  }

  if (matches.length === 0) {
    // An ordinary shop discount (WELCOME10) is not a creator signal and not suspicious: no flag.
    return signal.signal === "code"
      ? reject("not a creator's code", [])
      : reject(`no creator has the ref "${signal.value}"`, ["unknown_ref"]);
  }
  if (matches.length > 1) {
    return reject(
      `matches several creators (${matches.map((creator) => creator.id).join(", ")}); codes and refs must be unique`,
      ["ambiguous_match"],
    );
  }
  return judgeCreator(signal, matches[0] as AttributionCreator, order);
}

function judgeCustomerReferral(order: AttributionOrder, creators: readonly AttributionCreator[]): Candidate[] {
  const creatorId = order.customer.referredByCreatorId ?? null;
  if (creatorId === null || order.customer.id === null) return [];
  const signal = { signal: "customer" as const, value: order.customer.id, capturedAt: null, clickId: null };
  const creator = creators.find((candidate) => candidate.id === creatorId);
  if (creator === undefined) {
    return [{ ...signal, creatorId, accepted: false, reason: `the customer was referred by creator ${creatorId}, who no longer exists`, flags: [] }];
  }
  return [judgeCreator(signal, creator, order)];
}

/**
 * The checks every signal shares once it names one creator: an earning status; and whether it is the creator's own
 * order (accepted all the same, flagged: the self_referral risk rule decides what happens to the money).
 */
function judgeCreator(
  signal: Pick<Candidate, "signal" | "value" | "capturedAt" | "clickId">,
  creator: AttributionCreator,
  order: AttributionOrder,
): Candidate {
  const reject = (reason: string, flags: AttributionFlag[]): Candidate => ({ ...signal, creatorId: creator.id, accepted: false, reason, flags });
  if (creator.status !== "approved" && creator.status !== "active") {
    return reject(`creator ${creator.id} is ${creator.status}; only approved or active creators earn`, ["inactive_creator"]);
  }
  const selfReferral = findSelfReferral(creator, order.customer);
  const acceptance = describeAcceptance(signal.signal, creator.id, signal.capturedAt, order.createdAt);
  return {
    ...signal,
    creatorId: creator.id,
    accepted: true,
    ...(selfReferral === null
      ? { reason: acceptance, flags: [] }
      : { reason: acceptance, flags: ["self_referral"], selfReferral }),
  };
}

function describeSelfReferral(why: string): string {
  return `self-referral: ${why}; credited, and the risk check reviews the commission (the self-referral rule holds it by default)`;
}

function isSelfReferral(candidate: Candidate): boolean {
  return candidate.selfReferral !== undefined;
}

function describeAcceptance(signal: AttributionSignal, creatorId: string, capturedAt: Date | null, orderAt: Date): string {
  switch (signal) {
    case "code":
      return `creator ${creatorId}'s discount code`;
    case "link":
      return `creator ${creatorId}'s ref, captured ${describeAge(orderAt.getTime() - (capturedAt ?? orderAt).getTime())} before the order`;
    case "landing_site":
      return `creator ${creatorId}'s ref on the landing page of this order's session`;
    case "customer":
      return `the customer was linked to creator ${creatorId} for life (a referral recorded through the API)`;
  }
}

function findCreatorsByToken(
  value: string,
  creators: readonly AttributionCreator[],
  field: "codes" | "refTokens",
): AttributionCreator[] {
  const key = normalizeToken(value);
  return creators.filter((creator) => creator[field].some((token) => normalizeToken(readCodeText(token)) === key));
}

/** The creator's code with this text at the order's time; "active" when any of their codes by that text was. */
function findLiveStatus(creator: AttributionCreator, value: string, placedAt: Date): ReturnType<typeof findCodeStatusAt> {
  const key = normalizeToken(value);
  const statuses = creator.codes.filter((code) => normalizeToken(readCodeText(code)) === key).map((code) => findCodeStatusAt(code, placedAt));
  return statuses.find((status) => status.status === "active") ?? statuses[0] ?? { status: "not_yet", since: null };
}

function describeOffCode(value: string, status: ReturnType<typeof findCodeStatusAt>["status"], since: Date | null, placedAt: Date): string {
  const when = since === null ? "" : ` at ${since.toISOString()}`;
  const placed = placedAt.toISOString();
  if (status === "not_yet") return `the code "${value.trim()}" was created${when}, after the order was placed (${placed}); it cannot have brought this order`;
  const verb = status === "deleted" ? "deleted" : "deactivated";
  return `the code "${value.trim()}" was ${verb}${when}, before the order was placed (${placed}); Shopify does not accept a code that is off, so it earns nothing`;
}

function findSelfReferral(creator: AttributionCreator, customer: AttributionOrder["customer"]): string | null {
  const email = customer.email === null ? "" : normalizeToken(customer.email);
  if (email !== "" && creator.emails.some((creatorEmail) => normalizeToken(creatorEmail) === email)) {
    return `the customer's email ${email} is creator ${creator.id}'s own`;
  }
  const customerId = customer.id === null ? "" : normalizeCustomerId(customer.id);
  if (customerId !== "" && creator.customerIds.some((id) => normalizeCustomerId(id) === customerId)) {
    return `the customer ${customerId} is linked to creator ${creator.id}`;
  }
  return null;
}

// Shopify treats discount codes case-insensitively at checkout; so do we, for codes, refs and emails.
// String#toLowerCase is locale-independent, so "I" never becomes a Turkish dotless "ı".
function normalizeToken(value: string): string {
  return value.trim().toLowerCase();
}

// REST gives 207119551, GraphQL gives gid://shopify/Customer/207119551: compare the numeric id.
function normalizeCustomerId(value: string): string {
  return value.trim().replace(/^gid:\/\/shopify\/Customer\//, "");
}

function describeAge(milliseconds: number): string {
  const minutes = Math.floor(milliseconds / 60_000);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? "" : "s"}`;
  const days = Math.floor(hours / 24);
  return `${days} days`;
}
