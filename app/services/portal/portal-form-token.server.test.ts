import { describe, expect, it } from "vitest";
import { checkPortalFormToken, FORM_TOKEN_HOURS, issuePortalFormToken } from "./portal-form-token.server";

const SECRET = "form-token-secret";
const now = new Date("2026-12-07T12:30:00Z");
const issued = issuePortalFormToken(SECRET, { shop: "a.myshopify.com", creatorId: "c1", now });
const check = (overrides: Partial<{ shop: string; creatorId: string; now: Date; token: string; secret: string }>) =>
  checkPortalFormToken(overrides.secret ?? SECRET, { shop: "a.myshopify.com", creatorId: "c1", now, token: issued, ...overrides });

describe("portal form tokens", () => {
  it.each([
    { label: "the same creator within the hour", overrides: {}, ok: true },
    { label: `${FORM_TOKEN_HOURS - 1} hours later`, overrides: { now: new Date(now.getTime() + (FORM_TOKEN_HOURS - 1) * 3_600_000) }, ok: true },
    { label: `${FORM_TOKEN_HOURS} hours later`, overrides: { now: new Date(now.getTime() + FORM_TOKEN_HOURS * 3_600_000) }, ok: false },
    { label: "an hour in the future", overrides: { now: new Date(now.getTime() - 3_600_000) }, ok: false },
    { label: "another creator", overrides: { creatorId: "c2" }, ok: false },
    { label: "another shop", overrides: { shop: "b.myshopify.com" }, ok: false },
    { label: "another app secret", overrides: { secret: "other" }, ok: false },
    { label: "an empty token", overrides: { token: "" }, ok: false },
    { label: "a token with its hour changed", overrides: { token: issued.replace(/^\d+/, (hour) => String(Number(hour) + 1)) }, ok: false },
  ])("$label → $ok", ({ overrides, ok }) => expect(check(overrides)).toBe(ok));
});
