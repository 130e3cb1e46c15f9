/*
 * Duplicate identity (history rule): creators who share a payout destination (PayPal email, IBAN), a tax id, a
 * sign-in email domain used only by them, or a device (portal sessions) — found set-wise by the scan as IdentityLinks.
 * One verdict per creator involved, naming the others (relatedCreatorIds) and holding the creator as a whole
 * (holdScope "creator"): payout or tax id shared → high, device or private email domain → medium. patternKey
 * "<kind>:<key>", so two colleagues legitimately sharing a company domain are dismissed for that domain only.
 * Applicants with a disposable (throw-away) email domain are a low verdict: flagged, never held.
 * Near miss: a link with fewer creators than `threshold`, or an email-domain/device link when those checks are off.
 */
import type { IdentityLink, RiskSeverity, RiskVerdict } from "../fraud-types";
import { defineHistoryRule } from "./define-fraud-rule";
import { fact, plural } from "./rule-words";

/** Other creators named in one verdict (a domain shared by hundreds is listed in part). */
const MAX_RELATED = 50;

const SEVERITY: Record<IdentityLink["kind"], RiskSeverity> = { payout_destination: "high", tin: "high", device: "medium", email_domain: "medium" };
const SHARED_WHAT: Record<IdentityLink["kind"], string> = {
  payout_destination: "a payout destination",
  tin: "a tax id",
  device: "a device (portal sign-ins from the same browser)",
  email_domain: "a sign-in email domain no other creator uses",
};

/** "Bob", "Bob and Cy", "Bob, Cy, Dee and 4 others" (`total`: how many there are in all). */
function joinNames(names: readonly string[], total = names.length): string {
  if (total <= 1) return names.join("");
  const shown = names.slice(0, 3);
  const rest = total - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${plural(rest, "other")}` : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

export const duplicateIdentityRule = defineHistoryRule({
  id: "duplicate_identity",
  title: "Duplicate identity",
  evaluate: (input, settings): RiskVerdict[] => {
    const names = new Map(input.creators.map((creator) => [creator.creatorId, creator.name]));
    const nameOf = (creatorId: string) => names.get(creatorId) ?? `creator ${creatorId}`;
    const verdicts: RiskVerdict[] = [];
    for (const link of input.identities) {
      if (link.kind === "email_domain" && !settings.matchEmailDomain) continue;
      if (link.kind === "device" && !settings.matchDevice) continue;
      const creatorIds = [...new Set(link.creatorIds)];
      if (creatorIds.length < settings.threshold) continue;
      for (const creatorId of creatorIds) {
        // The first 50 others, found without copying the whole list for every creator (a link may hold thousands).
        const others: string[] = [];
        for (const id of creatorIds) {
          if (id !== creatorId) others.push(id);
          if (others.length >= MAX_RELATED) break;
        }
        const othersWords = joinNames(others.slice(0, 3).map(nameOf), creatorIds.length - 1);
        verdicts.push({
          rule: "duplicate_identity",
          creatorId,
          severity: SEVERITY[link.kind],
          patternKey: `${link.kind}:${link.key}`,
          summary: `${nameOf(creatorId)} shares ${SHARED_WHAT[link.kind]} (${link.label}) with ${othersWords}: possibly one person behind ${plural(creatorIds.length, "creator account")}.`,
          evidence: {
            facts: [fact("Shared", `${SHARED_WHAT[link.kind]}: ${link.label}`), fact("Creators sharing it", creatorIds.length), fact("Others", othersWords)],
            compared: [{ metric: "Creators sharing it", observed: creatorIds.length, baseline: 1, threshold: settings.threshold, unit: "count" }],
            relatedCreatorIds: others,
          },
          orderIds: [],
          holdScope: "creator",
        });
      }
    }
    if (settings.flagDisposableEmail) {
      for (const applicant of input.disposableEmails) {
        verdicts.push({
          rule: "duplicate_identity",
          creatorId: applicant.creatorId,
          severity: "low",
          patternKey: `disposable:${applicant.domain}`,
          summary: `${nameOf(applicant.creatorId)} signed up with a throw-away email address (${applicant.domain}), often used for a second account; flagged for a look, never held.`,
          evidence: { facts: [fact("Email domain", applicant.domain), fact("Kind", "disposable (throw-away) email provider")] },
          orderIds: [],
          holdScope: "orders",
        });
      }
    }
    return verdicts;
  },
});
