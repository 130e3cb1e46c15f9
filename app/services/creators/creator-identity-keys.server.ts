/**
 * Identity keys of where a creator is paid and who they are for tax (Part 8, duplicate-identity rule): a keyed hash
 * (hashSignal) of the NORMALISED PayPal email or IBAN (CreatorPayoutProfile.destinationKey) and of the TIN
 * (CreatorTaxForm.tinKey). Two creators with one key are paid to one place / file under one tax id. The values stay
 * sealed or absent; only the keys are comparable.
 *
 * Written wherever a profile or a form is saved (payout-details-changes.server.ts, save-creator-tax-form.server.ts)
 * and, for rows saved before the keys existed, by backfillCreatorIdentityKeys once per start (like
 * upgrade-customer-email-hashes.server.ts): it opens the sealed IBAN / TIN with secret-box, writes only rows whose key
 * is still null (idempotent; a restart or a second process finds nothing left), and skips a value it cannot open
 * (sealed under a key no longer configured), saying how many.
 */
import type { Database } from "../../db.server";
import { normaliseEmail, normaliseIban } from "../../domain/fraud";
import { hashSignal } from "../../security/hash-signal.server";
import { openSecret } from "../../security/secret-box.server";
import { ibanContext } from "../portal/payout-details-changes.server";
import { tinContext } from "../tax/save-creator-tax-form.server";

/** The payout destination's key: the PayPal email (Gmail dots and +tags off) or the IBAN (spaces off, upper-case); null for store credit. */
export function payoutDestinationKey(destination: { paypalEmail?: string | null; iban?: string | null }): string | null {
  if (destination.iban) {
    const iban = normaliseIban(destination.iban);
    return iban === "" ? null : hashSignal("payout-destination", iban);
  }
  if (destination.paypalEmail) {
    const email = normaliseEmail(destination.paypalEmail);
    return email === "" ? null : hashSignal("payout-destination", email);
  }
  return null;
}

/**
 * The TIN's key: its letters and digits, upper-case ("123-45-6789" and "123456789" are one SSN; foreign TINs may
 * hold letters, so they are kept rather than dropped). Null without any.
 */
export function tinKeyOf(tin: string | null | undefined): string | null {
  const normalised = (tin ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  return normalised === "" ? null : hashSignal("tin", normalised);
}

const BATCH = 500;

export type IdentityKeyBackfill = { payoutProfiles: number; taxForms: number; unreadable: number };

export async function backfillCreatorIdentityKeys(db: Database): Promise<IdentityKeyBackfill> {
  const result: IdentityKeyBackfill = { payoutProfiles: 0, taxForms: 0, unreadable: 0 };
  let after = "";
  for (;;) {
    const profiles = await db.creatorPayoutProfile.findMany({
      where: { destinationKey: null, id: { gt: after }, OR: [{ paypalEmail: { not: null } }, { ibanSealed: { not: null } }] },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, shop: true, creatorId: true, method: true, paypalEmail: true, ibanSealed: true },
    });
    if (profiles.length === 0) break;
    after = profiles.at(-1)?.id ?? after;
    for (const profile of profiles) {
      let iban: string | null = null;
      if (profile.ibanSealed) {
        try {
          iban = openSecret(profile.ibanSealed, ibanContext(profile.shop, profile.creatorId));
        } catch {
          result.unreadable += 1;
          continue;
        }
      }
      const key = payoutDestinationKey({ iban, paypalEmail: profile.paypalEmail });
      if (key === null) continue;
      const { count } = await db.creatorPayoutProfile.updateMany({ where: { shop: profile.shop, id: profile.id, destinationKey: null }, data: { destinationKey: key } });
      result.payoutProfiles += count;
    }
  }
  after = "";
  for (;;) {
    const forms = await db.creatorTaxForm.findMany({
      where: { tinKey: null, tinSealed: { not: null }, id: { gt: after } },
      orderBy: { id: "asc" },
      take: BATCH,
      select: { id: true, shop: true, creatorId: true, tinSealed: true },
    });
    if (forms.length === 0) break;
    after = forms.at(-1)?.id ?? after;
    for (const form of forms) {
      let tin: string;
      try {
        tin = openSecret(form.tinSealed ?? "", tinContext(form.shop, form.creatorId));
      } catch {
        result.unreadable += 1;
        continue;
      }
      const key = tinKeyOf(tin);
      if (key === null) continue;
      const { count } = await db.creatorTaxForm.updateMany({ where: { shop: form.shop, id: form.id, tinKey: null }, data: { tinKey: key } });
      result.taxForms += count;
    }
  }
  return result;
}
