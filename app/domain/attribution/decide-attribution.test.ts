import { describe, expect, it } from "vitest";
import type { AttributionCreator, AttributionInput, AttributionOrder, AttributionPrecedence } from "./attribution-types";
import { decideAttribution } from "./decide-attribution";

const ORDER_AT = new Date("2025-03-10T12:00:00.000Z");
const NOW = new Date("2025-03-10T12:05:00.000Z");
const DAY = 86_400_000;
const subtractFromOrderTime = (milliseconds: number) => new Date(ORDER_AT.getTime() - milliseconds).toISOString();

const CREATORS: readonly AttributionCreator[] = [
  { id: "alice", status: "active", codes: ["ALICE10"], refTokens: ["alice"], emails: ["Alice@Example.com"], customerIds: ["1001"] },
  { id: "bob", status: "approved", codes: ["BOB15"], refTokens: ["bob"], emails: ["bob@example.com"], customerIds: [] },
  { id: "carol", status: "paused", codes: ["CAROL"], refTokens: ["carol"], emails: [], customerIds: [] },
  { id: "dave", status: "rejected", codes: ["DAVE"], refTokens: ["dave"], emails: [], customerIds: [] },
  { id: "erin", status: "pending", codes: ["ERIN"], refTokens: ["erin"], emails: [], customerIds: [] },
  { id: "frank", status: "active", codes: ["SHARED"], refTokens: ["frank"], emails: [], customerIds: [] },
  { id: "grace", status: "active", codes: ["shared"], refTokens: ["grace"], emails: [], customerIds: [] },
];

const buildCartRef = (ref: string, capturedAt: string | null, clickId = "click-1") => [
  { name: "_affable_ref", value: ref },
  ...(capturedAt === null ? [] : [{ name: "_affable_ref_at", value: capturedAt }]),
  { name: "_affable_click_id", value: clickId },
];

function buildInput(order: Partial<AttributionOrder>, precedence: AttributionPrecedence = "code_first", cookieWindowDays = 30): AttributionInput {
  return {
    order: {
      createdAt: ORDER_AT,
      discountCodes: [],
      noteAttributes: [],
      landingSite: null,
      customer: { id: "2002", email: "buyer@example.com" },
      ...order,
    },
    creators: CREATORS,
    settings: { precedence, cookieWindowDays },
  };
}

describe("decideAttribution: single signals", () => {
  it.each([
    { label: "no signals at all", order: {}, creatorId: null, signal: null, flags: [] },
    { label: "creator code", order: { discountCodes: ["ALICE10"] }, creatorId: "alice", signal: "code", flags: [] },
    { label: "code matched case-insensitively and trimmed", order: { discountCodes: [" alice10 "] }, creatorId: "alice", signal: "code", flags: [] },
    { label: "ordinary shop discount is not a creator signal", order: { discountCodes: ["WELCOME10"] }, creatorId: null, signal: null, flags: [] },
    { label: "cart ref inside the window", order: { noteAttributes: buildCartRef("alice", subtractFromOrderTime(2 * DAY)) }, creatorId: "alice", signal: "link", flags: [] },
    { label: "cart ref exactly at the window edge counts", order: { noteAttributes: buildCartRef("alice", subtractFromOrderTime(30 * DAY)) }, creatorId: "alice", signal: "link", flags: [] },
    { label: "cart ref one second past the window", order: { noteAttributes: buildCartRef("alice", subtractFromOrderTime(30 * DAY + 1000)) }, creatorId: null, signal: null, flags: ["expired_link"] },
    { label: "cart ref matched case-insensitively", order: { noteAttributes: buildCartRef("ALICE", subtractFromOrderTime(DAY)) }, creatorId: "alice", signal: "link", flags: [] },
    { label: "cart ref without capture time does not count", order: { noteAttributes: buildCartRef("alice", null) }, creatorId: null, signal: null, flags: [] },
    {
      label: "cart ref without capture time counts via the same order's landing_site",
      order: { noteAttributes: buildCartRef("alice", null), landingSite: "/?ref=alice" },
      creatorId: "alice", signal: "landing_site", flags: [],
    },
    { label: "capture time that is not ISO 8601", order: { noteAttributes: buildCartRef("alice", "yesterday") }, creatorId: null, signal: null, flags: ["invalid_capture_time"] },
    { label: "capture time an hour after the order", order: { noteAttributes: buildCartRef("alice", subtractFromOrderTime(-3_600_000)) }, creatorId: null, signal: null, flags: ["invalid_capture_time"] },
    { label: "capture time 2 minutes after the order (browser clock skew)", order: { noteAttributes: buildCartRef("alice", subtractFromOrderTime(-120_000)) }, creatorId: "alice", signal: "link", flags: [] },
    { label: "capture time with an offset", order: { noteAttributes: buildCartRef("alice", "2025-03-09T09:00:00+09:00") }, creatorId: "alice", signal: "link", flags: [] },
    { label: "landing_site path with ?ref=", order: { landingSite: "/products/mug?utm_source=ig&ref=bob" }, creatorId: "bob", signal: "landing_site", flags: [] },
    { label: "landing_site full URL", order: { landingSite: "https://shop.example/collections/all?ref=bob" }, creatorId: "bob", signal: "landing_site", flags: [] },
    { label: "landing_site without ref", order: { landingSite: "/products/mug?utm_source=ig" }, creatorId: null, signal: null, flags: [] },
    { label: "malformed landing_site is ignored", order: { landingSite: "http://[broken" }, creatorId: null, signal: null, flags: [] },
    { label: "unknown ref", order: { landingSite: "/?ref=nobody" }, creatorId: null, signal: null, flags: ["unknown_ref"] },
    { label: "paused creator's code", order: { discountCodes: ["CAROL"] }, creatorId: null, signal: null, flags: ["inactive_creator"] },
    { label: "rejected creator's link", order: { landingSite: "/?ref=dave" }, creatorId: null, signal: null, flags: ["inactive_creator"] },
    { label: "pending creator's code", order: { discountCodes: ["ERIN"] }, creatorId: null, signal: null, flags: ["inactive_creator"] },
    { label: "code shared by two creators is ambiguous", order: { discountCodes: ["Shared"] }, creatorId: null, signal: null, flags: ["ambiguous_match"] },
  ])("$label", ({ order, creatorId, signal, flags }) => {
    const decision = decideAttribution(buildInput(order), NOW);
    expect(decision.creatorId).toBe(creatorId);
    expect(decision.signal).toBe(signal);
    expect(decision.flags).toEqual(flags);
    expect(decision.considered.filter((considered) => considered.credited)).toHaveLength(creatorId === null ? 0 : 1);
  });
});

describe("decideAttribution: cookie window of 0 days", () => {
  it.each([
    { label: "captured at the order time", capturedAt: subtractFromOrderTime(0), creatorId: "alice" },
    { label: "captured a second earlier", capturedAt: subtractFromOrderTime(1000), creatorId: null },
  ])("$label", ({ capturedAt, creatorId }) => {
    expect(decideAttribution(buildInput({ noteAttributes: buildCartRef("alice", capturedAt) }, "code_first", 0), NOW).creatorId).toBe(creatorId);
  });
});

describe("decideAttribution: self-referral is credited and flagged (the self_referral risk rule holds it)", () => {
  it.each([
    { label: "creator's own email (case-insensitive)", customer: { id: "2002", email: " alice@EXAMPLE.com" }, order: { discountCodes: ["ALICE10"] }, signal: "code", why: /the customer's email alice@example.com is creator alice's own/ },
    { label: "creator's linked customer id (REST)", customer: { id: "1001", email: null }, order: { landingSite: "/?ref=alice" }, signal: "landing_site", why: /the customer 1001 is linked to creator alice/ },
    { label: "creator's linked customer id (GraphQL gid)", customer: { id: "gid://shopify/Customer/1001", email: null }, order: { discountCodes: ["ALICE10"] }, signal: "code", why: /the customer 1001 is linked to creator alice/ },
  ])("$label", ({ customer, order, signal, why }) => {
    const decision = decideAttribution(buildInput({ ...order, customer }), NOW);
    expect(decision.creatorId).toBe("alice");
    expect(decision.signal).toBe(signal);
    expect(decision.flags).toEqual(["self_referral"]);
    const credited = decision.considered.filter((considered) => considered.credited);
    expect(credited).toEqual([expect.objectContaining({ creatorId: "alice", accepted: true, reason: expect.stringMatching(why) })]);
    expect(credited[0]?.reason).toMatch(/self-referral: .*; credited, and the risk check reviews the commission \(the self-referral rule holds it by default\)$/);
    expect(decision.reason).toMatch(/^Credited to creator alice by the .*; self-referral: /);
  });

  it.each([{ precedence: "code_first" as const }, { precedence: "link_first" as const }, { precedence: "last_touch" as const }])(
    "another creator's clean link outranks the creator's own code ($precedence), and the order is not flagged",
    ({ precedence }) => {
      const decision = decideAttribution(
        buildInput({ customer: { id: "1001", email: "alice@example.com" }, discountCodes: ["ALICE10"], noteAttributes: buildCartRef("bob", subtractFromOrderTime(DAY)) }, precedence),
        NOW,
      );
      expect([decision.creatorId, decision.signal]).toEqual(["bob", "link"]);
      expect(decision.flags).toEqual(["conflicting_signals"]);
      expect(decision.reason).toBe('Credited to creator bob by the cart ref "bob"; also valid but outranked: discount code "ALICE10" (creator alice, a self-referral).');
      expect(decision.considered.find((considered) => considered.creatorId === "alice")).toMatchObject({
        accepted: true,
        credited: false,
        reason: expect.stringMatching(/self-referral: the customer's email alice@example.com is creator alice's own; outranked by the cart ref "bob" \(a creator's own purchase never outranks another creator's signal\)$/),
      });
    },
  );
});

// Precedence matrix: the same conflicting order under each setting.
describe.each([
  {
    label: "code (alice) vs cart ref (bob)",
    order: { discountCodes: ["ALICE10"], noteAttributes: buildCartRef("bob", subtractFromOrderTime(DAY)) },
    expected: { code_first: ["alice", "code"], link_first: ["bob", "link"], last_touch: ["alice", "code"] },
    conflicting: true,
  },
  {
    label: "code (alice) vs landing_site (bob)",
    order: { discountCodes: ["ALICE10"], landingSite: "/?ref=bob" },
    expected: { code_first: ["alice", "code"], link_first: ["bob", "landing_site"], last_touch: ["alice", "code"] },
    conflicting: true,
  },
  {
    label: "cart ref (alice) vs landing_site (bob)",
    order: { noteAttributes: buildCartRef("alice", subtractFromOrderTime(DAY)), landingSite: "/?ref=bob" },
    expected: { code_first: ["bob", "landing_site"], link_first: ["bob", "landing_site"], last_touch: ["alice", "link"] },
    conflicting: true,
  },
  {
    label: "two creator codes: the first one listed",
    order: { discountCodes: ["BOB15", "ALICE10"] },
    expected: { code_first: ["bob", "code"], link_first: ["bob", "code"], last_touch: ["bob", "code"] },
    conflicting: true,
  },
  {
    label: "same creator by code and link: no conflict",
    order: { discountCodes: ["ALICE10"], noteAttributes: buildCartRef("alice", subtractFromOrderTime(DAY)) },
    expected: { code_first: ["alice", "code"], link_first: ["alice", "link"], last_touch: ["alice", "code"] },
    conflicting: false,
  },
  {
    label: "expired link never beats a code",
    order: { discountCodes: ["ALICE10"], noteAttributes: buildCartRef("bob", subtractFromOrderTime(45 * DAY)) },
    expected: { code_first: ["alice", "code"], link_first: ["alice", "code"], last_touch: ["alice", "code"] },
    conflicting: false,
  },
])("precedence with $label", ({ order, expected, conflicting }) => {
  it.each([
    { precedence: "code_first" as const },
    { precedence: "link_first" as const },
    { precedence: "last_touch" as const },
  ])("$precedence", ({ precedence }) => {
    const decision = decideAttribution(buildInput(order, precedence), NOW);
    expect([decision.creatorId, decision.signal]).toEqual(expected[precedence]);
    expect(decision.flags.includes("conflicting_signals")).toBe(conflicting);
    expect(decision.considered.filter((considered) => considered.credited)).toHaveLength(1);
  });
});

describe("decideAttribution: explanations", () => {
  it("explains the winner and the outranked signal", () => {
    const decision = decideAttribution(buildInput({ discountCodes: ["ALICE10"], landingSite: "/?ref=bob" }), NOW);
    expect(decision.reason).toBe(
      'Credited to creator alice by the discount code "ALICE10" (code_first: a discount code beats a link); ' +
        'also valid but outranked: landing_site ref "bob" (creator bob).',
    );
    expect(decision.considered).toEqual([
      expect.objectContaining({ signal: "code", value: "ALICE10", creatorId: "alice", accepted: true, credited: true }),
      expect.objectContaining({ signal: "landing_site", value: "bob", creatorId: "bob", accepted: true, credited: false, reason: expect.stringMatching(/outranked by the discount code "ALICE10"/) }),
    ]);
  });

  it("explains why nobody earned", () => {
    const decision = decideAttribution(buildInput({ noteAttributes: buildCartRef("alice", subtractFromOrderTime(40 * DAY), "click-9") }), NOW);
    expect(decision.reason).toBe('No creator credited: cart ref "alice": the ref was captured 40 days before the order, outside the 30-day cookie window.');
    expect(decision.considered[0]).toMatchObject({ clickId: "click-9", creatorId: "alice", accepted: false });
  });

  it.each([
    { label: "negative", cookieWindowDays: -1 },
    { label: "fractional", cookieWindowDays: 1.5 },
  ])("refuses a $label cookie window", ({ cookieWindowDays }) => {
    expect(() => decideAttribution(buildInput({}, "code_first", cookieWindowDays), NOW)).toThrow(/whole number of days/);
  });
});

describe("decideAttribution: a customer referred for life", () => {
  const referred = (creatorId: string, id: string | null = "2002", email = "buyer@example.com") => ({ customer: { id, email, referredByCreatorId: creatorId } });
  it.each([
    { label: "earns for the referring creator when the order names nobody", order: referred("bob"), creatorId: "bob", signal: "customer", flags: [] },
    { label: "a code on the order wins over the lifetime referral", order: { ...referred("bob"), discountCodes: ["ALICE10"] }, creatorId: "alice", signal: "code", flags: ["conflicting_signals"] },
    { label: "a link on the order wins over the lifetime referral", order: { ...referred("bob"), landingSite: "/?ref=alice" }, creatorId: "alice", signal: "landing_site", flags: ["conflicting_signals"] },
    { label: "a paused referring creator earns nothing", order: referred("carol"), creatorId: null, signal: null, flags: ["inactive_creator"] },
    { label: "a referring creator who no longer exists earns nothing", order: referred("zoe"), creatorId: null, signal: null, flags: [] },
    { label: "the creator referring themself is credited and flagged", order: referred("alice", "1001", "someone@example.com"), creatorId: "alice", signal: "customer", flags: ["self_referral"] },
    { label: "a guest order (no customer id) carries no referral", order: referred("bob", null), creatorId: null, signal: null, flags: [] },
  ])("$label", ({ order, creatorId, signal, flags }) => {
    const decision = decideAttribution(buildInput(order as Partial<AttributionOrder>), NOW);
    expect(decision.creatorId).toBe(creatorId);
    expect(decision.signal).toBe(signal);
    expect([...decision.flags].sort()).toEqual([...flags].sort());
  });

  it("comes last under every precedence", () => {
    for (const precedence of ["code_first", "link_first", "last_touch"] as const) {
      const decision = decideAttribution(buildInput({ ...referred("bob"), noteAttributes: buildCartRef("alice", subtractFromOrderTime(DAY)) }, precedence), NOW);
      expect(decision.creatorId).toBe("alice");
      expect(decision.considered.find((signal) => signal.signal === "customer")?.reason).toMatch(/outranked by the cart ref/);
    }
  });
});
