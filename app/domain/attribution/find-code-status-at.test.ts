import { describe, expect, it } from "vitest";
import type { AttributionCode, AttributionCreator, AttributionInput } from "./attribution-types";
import { decideAttribution } from "./decide-attribution";
import { findCodeStatusAt } from "./find-code-status-at";

const at = (iso: string) => new Date(iso);
const CREATED = at("2026-12-01T10:00:00Z");
const OFF = at("2026-12-03T10:00:00Z");
const ON = at("2026-12-05T10:00:00Z");
const GAPPED: AttributionCode = {
  code: "MAYA15",
  status: "active",
  history: [
    { status: "active", since: CREATED },
    { status: "inactive", since: OFF },
    { status: "active", since: ON },
  ],
};

describe("findCodeStatusAt: a code's status at the moment an order was placed", () => {
  it.each([
    { label: "before the code existed", placedAt: "2026-11-30T23:59:59Z", status: "not_yet", since: CREATED },
    { label: "the instant it was created", placedAt: "2026-12-01T10:00:00Z", status: "active", since: CREATED },
    { label: "while active", placedAt: "2026-12-02T00:00:00Z", status: "active", since: CREATED },
    { label: "the instant it was deactivated (Shopify's end time is exclusive)", placedAt: "2026-12-03T10:00:00Z", status: "inactive", since: OFF },
    { label: "in the gap", placedAt: "2026-12-04T00:00:00Z", status: "inactive", since: OFF },
    { label: "after reactivation", placedAt: "2026-12-06T00:00:00Z", status: "active", since: ON },
  ])("$label → $status", ({ placedAt, status, since }) => {
    expect(findCodeStatusAt(GAPPED, at(placedAt))).toEqual({ status, since });
  });

  it("a code given without history (a plain string, or a row from before histories) has its current status at any time", () => {
    expect(findCodeStatusAt("MAYA15", CREATED)).toEqual({ status: "active", since: null });
    expect(findCodeStatusAt({ code: "OLD", status: "deleted", history: [] }, CREATED)).toEqual({ status: "deleted", since: null });
  });

  it("reads history in any order", () => {
    const shuffled: AttributionCode = { ...GAPPED, history: [...GAPPED.history].reverse() };
    expect(findCodeStatusAt(shuffled, at("2026-12-04T00:00:00Z"))).toEqual({ status: "inactive", since: OFF });
  });
});

describe("decideAttribution with code histories", () => {
  const creator = (id: string, code: AttributionCode): AttributionCreator => ({ id, status: "approved", codes: [code], refTokens: [id], emails: [], customerIds: [] });
  const input = (placedAt: string, creators: AttributionCreator[]): AttributionInput => ({
    order: { createdAt: at(placedAt), discountCodes: ["maya15"], noteAttributes: [], landingSite: null, customer: { id: null, email: null } },
    creators,
    settings: { precedence: "code_first", cookieWindowDays: 30 },
  });
  const NOW = at("2026-12-07T00:00:00Z");

  it.each([
    { label: "placed while active, delivered after the code went off", placedAt: "2026-12-02T00:00:00Z", creatorId: "maya", reason: /discount code "maya15"/ },
    { label: "placed while the code was off", placedAt: "2026-12-04T00:00:00Z", creatorId: null, reason: /deactivated at 2026-12-03T10:00:00.000Z, before the order was placed/ },
    { label: "placed before the code existed", placedAt: "2026-11-30T00:00:00Z", creatorId: null, reason: /created at 2026-12-01T10:00:00.000Z, after the order was placed/ },
  ])("$label → $creatorId", ({ placedAt, creatorId, reason }) => {
    const decision = decideAttribution(input(placedAt, [creator("maya", GAPPED)]), NOW);
    expect(decision.creatorId).toBe(creatorId);
    expect(decision.reason).toMatch(reason);
    if (creatorId === null) expect(decision.flags).toContain("inactive_code");
  });

  it("a deleted code's text reused by another creator: each order goes to whoever held the code when it was placed", () => {
    const first = creator("first", { code: "MAYA15", status: "deleted", history: [{ status: "active", since: CREATED }, { status: "deleted", since: OFF }] });
    const second = creator("second", { code: "MAYA15", status: "active", history: [{ status: "active", since: ON }] });
    expect(decideAttribution(input("2026-12-02T00:00:00Z", [first, second]), NOW).creatorId).toBe("first");
    expect(decideAttribution(input("2026-12-06T00:00:00Z", [first, second]), NOW).creatorId).toBe("second");
    const gap = decideAttribution(input("2026-12-04T00:00:00Z", [first, second]), NOW);
    expect(gap.creatorId).toBeNull();
    expect(gap.reason).toMatch(/deleted at 2026-12-03T10:00:00.000Z/);
  });
});
