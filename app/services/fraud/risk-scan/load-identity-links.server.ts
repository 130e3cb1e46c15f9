/**
 * Identity keys that more than one creator of the shop shares (duplicate identity), found set-wise: one
 * GROUP BY … HAVING count(DISTINCT "creatorId") > 1 per kind, so the work grows with the shop's rows, never with
 * pairs of creators. Also the applicants whose sign-in email is at a disposable-email domain.
 *
 * Kinds: the payout destination (CreatorPayoutProfile.destinationKey: a PayPal email or IBAN, keyed), the tax id of
 * current tax forms (CreatorTaxForm.tinKey, superseded forms left out), the portal's device cookie
 * (CreatorPortalSession.deviceHash), and a sign-in email domain used only by these creators. Public webmail and
 * other shared providers (gmail.com, outlook.com, a university…) say nothing, so they are left out with the
 * `email-providers` list (about 8,700 domains of free and common mail providers, kept by its maintainers; a
 * library rather than a hand list so that regional providers such as web.de or naver.com are covered), and so are
 * disposable-email domains, which anyone can use (those are reported per applicant instead).
 */
import publicEmailProviders from "email-providers/all.json";
import type { Database } from "../../../db.server";
import type { IdentityLink } from "../../../domain/fraud/fraud-types";
import { isDisposableEmailDomain } from "../../../domain/fraud/normalize-identity";

const PUBLIC_EMAIL_DOMAINS: ReadonlySet<string> = new Set(publicEmailProviders.map((domain) => domain.toLowerCase()));

export function isPublicEmailDomain(domain: string): boolean {
  return PUBLIC_EMAIL_DOMAINS.has(domain.toLowerCase());
}

export type DisposableEmail = { readonly creatorId: string; readonly domain: string };

export async function loadIdentityLinks(db: Database, shop: string): Promise<IdentityLink[]> {
  const [destinations, tins, devices, domains] = await Promise.all([
    db.$queryRaw<{ key: string; creatorIds: string[]; paypalDomain: string | null; ibanLast4: string | null }[]>`
      SELECT "destinationKey" AS key, array_agg(DISTINCT "creatorId" ORDER BY "creatorId") AS "creatorIds",
        min(lower(split_part("paypalEmail", '@', 2))) FILTER (WHERE "paypalEmail" LIKE '%@%') AS "paypalDomain",
        min("ibanLast4") AS "ibanLast4"
      FROM "CreatorPayoutProfile"
      WHERE shop = ${shop} AND "destinationKey" IS NOT NULL
      GROUP BY "destinationKey"
      HAVING count(DISTINCT "creatorId") > 1
      ORDER BY "destinationKey"`,
    db.$queryRaw<{ key: string; creatorIds: string[]; tinLast4: string | null }[]>`
      SELECT "tinKey" AS key, array_agg(DISTINCT "creatorId" ORDER BY "creatorId") AS "creatorIds", min("tinLast4") AS "tinLast4"
      FROM "CreatorTaxForm"
      WHERE shop = ${shop} AND "tinKey" IS NOT NULL AND "supersededAt" IS NULL
      GROUP BY "tinKey"
      HAVING count(DISTINCT "creatorId") > 1
      ORDER BY "tinKey"`,
    db.$queryRaw<{ key: string; creatorIds: string[] }[]>`
      SELECT "deviceHash" AS key, array_agg(DISTINCT "creatorId" ORDER BY "creatorId") AS "creatorIds"
      FROM "CreatorPortalSession"
      WHERE shop = ${shop} AND "deviceHash" IS NOT NULL
      GROUP BY "deviceHash"
      HAVING count(DISTINCT "creatorId") > 1
      ORDER BY "deviceHash"`,
    db.$queryRaw<{ key: string; creatorIds: string[] }[]>`
      SELECT lower(split_part(email, '@', 2)) AS key, array_agg(id ORDER BY id) AS "creatorIds"
      FROM "Creator"
      WHERE shop = ${shop} AND email LIKE '%@%'
      GROUP BY 1
      HAVING count(*) > 1
      ORDER BY 1`,
  ]);
  return [
    ...destinations.map((row): IdentityLink => ({
      kind: "payout_destination",
      key: row.key,
      label: row.paypalDomain ? `PayPal ••••@${row.paypalDomain}` : row.ibanLast4 ? `IBAN ••••${row.ibanLast4}` : "the same payout destination",
      creatorIds: row.creatorIds,
    })),
    ...tins.map((row): IdentityLink => ({
      kind: "tin",
      key: row.key,
      label: row.tinLast4 ? `tax id ••••${row.tinLast4}` : "the same tax id",
      creatorIds: row.creatorIds,
    })),
    ...devices.map((row): IdentityLink => ({ kind: "device", key: row.key, label: "the same browser", creatorIds: row.creatorIds })),
    ...domains
      .filter((row) => row.key !== "" && !isPublicEmailDomain(row.key) && !isDisposableEmailDomain(row.key))
      .map((row): IdentityLink => ({ kind: "email_domain", key: row.key, label: `domain ${row.key}`, creatorIds: row.creatorIds })),
  ];
}

/** Creators who applied (a CreatorApplication) with a sign-in email at a disposable-email domain. */
export async function loadDisposableEmailApplicants(db: Database, shop: string): Promise<DisposableEmail[]> {
  const rows = await db.$queryRaw<{ domain: string; creatorIds: string[] }[]>`
    SELECT lower(split_part(c.email, '@', 2)) AS domain, array_agg(c.id ORDER BY c.id) AS "creatorIds"
    FROM "Creator" c
    WHERE c.shop = ${shop} AND c.email LIKE '%@%'
      AND EXISTS (SELECT 1 FROM "CreatorApplication" a WHERE a.shop = c.shop AND a."creatorId" = c.id)
    GROUP BY 1
    ORDER BY 1`;
  return rows
    .filter((row) => row.domain !== "" && isDisposableEmailDomain(row.domain))
    .flatMap((row) => row.creatorIds.map((creatorId) => ({ creatorId, domain: row.domain })));
}
