import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "../fraud-settings";
import type { IdentityLink } from "../fraud-types";
import { duplicateIdentityRule } from "./duplicate-identity";
import { creatorHistory, historyInput, NOW } from "./fraud-test-fixtures";

const settings = DEFAULT_FRAUD_SETTINGS.duplicate_identity;
const creators = [creatorHistory({ creatorId: "anna", name: "Anna" }), creatorHistory({ creatorId: "bob", name: "Bob" }), creatorHistory({ creatorId: "cy", name: "Cy" })];
const link = (kind: IdentityLink["kind"], creatorIds: string[], label = "PayPal ••••@gmail.com"): IdentityLink => ({ kind, key: `${kind}-key`, label, creatorIds });

describe("duplicate_identity", () => {
  it("hit: a shared payout destination → one verdict per creator, naming the others, holding the creator", () => {
    const verdicts = duplicateIdentityRule.evaluate(historyInput(creators, { identities: [link("payout_destination", ["anna", "bob"])] }), settings, NOW);
    expect(verdicts.map((v) => [v.creatorId, v.evidence.relatedCreatorIds])).toEqual([
      ["anna", ["bob"]],
      ["bob", ["anna"]],
    ]);
    expect(verdicts[0]).toMatchObject({ severity: "high", patternKey: "payout_destination:payout_destination-key", holdScope: "creator", orderIds: [] });
    expect(verdicts[0]?.summary).toBe("Anna shares a payout destination (PayPal ••••@gmail.com) with Bob: possibly one person behind 2 creator accounts.");
  });

  it.each([
    { kind: "tin" as const, severity: "high", words: "shares a tax id (TIN ••••6789) with Bob and Cy" },
    { kind: "device" as const, severity: "medium", words: "shares a device (portal sign-ins from the same browser) (TIN ••••6789) with Bob and Cy" },
    { kind: "email_domain" as const, severity: "medium", words: "a sign-in email domain no other creator uses" },
  ])("hit: $kind", ({ kind, severity, words }) => {
    const [verdict] = duplicateIdentityRule.evaluate(historyInput(creators, { identities: [link(kind, ["anna", "bob", "cy"], "TIN ••••6789")] }), settings, NOW);
    expect(verdict?.severity).toBe(severity);
    expect(verdict?.summary).toContain(words);
  });

  it("a creator not in this batch is named by id", () => {
    const verdicts = duplicateIdentityRule.evaluate(historyInput(creators, { identities: [link("tin", ["anna", "zed"])] }), settings, NOW);
    expect(verdicts[0]?.summary).toContain("with creator zed");
  });

  it.each([
    { label: "one creator only", identities: [link("payout_destination", ["anna", "anna"])], patch: {} },
    { label: "email domains off", identities: [link("email_domain", ["anna", "bob"])], patch: { matchEmailDomain: false } },
    { label: "devices off", identities: [link("device", ["anna", "bob"])], patch: { matchDevice: false } },
    { label: "threshold 3, two creators", identities: [link("tin", ["anna", "bob"])], patch: { threshold: 3 } },
  ])("near miss: $label", ({ identities, patch }) => {
    expect(duplicateIdentityRule.evaluate(historyInput(creators, { identities }), { ...settings, ...patch }, NOW)).toEqual([]);
  });

  it("a disposable sign-up email: low, flag only", () => {
    const [verdict] = duplicateIdentityRule.evaluate(historyInput(creators, { disposableEmails: [{ creatorId: "cy", domain: "mailinator.com" }] }), settings, NOW);
    expect(verdict).toMatchObject({ creatorId: "cy", severity: "low", patternKey: "disposable:mailinator.com" });
    expect(verdict?.summary).toBe("Cy signed up with a throw-away email address (mailinator.com), often used for a second account; flagged for a look, never held.");
    expect(duplicateIdentityRule.evaluate(historyInput(creators, { disposableEmails: [{ creatorId: "cy", domain: "mailinator.com" }] }), { ...settings, flagDisposableEmail: false }, NOW)).toEqual([]);
  });

  it("a domain shared by hundreds lists at most 50 others", () => {
    const many = Array.from({ length: 120 }, (_, i) => `c${i}`);
    const verdicts = duplicateIdentityRule.evaluate(historyInput([], { identities: [link("email_domain", many, "domain example.org")] }), settings, NOW);
    expect(verdicts).toHaveLength(120);
    expect(verdicts[0]?.evidence.relatedCreatorIds).toHaveLength(50);
    expect(verdicts[0]?.summary).toContain("with creator c1, creator c2, creator c3 and 116 others");
  });
});
