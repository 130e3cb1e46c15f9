/**
 * A creator's referral links: a storefront path with the creator's ref token and optional UTM parameters. One link
 * per (creator, path, UTM) — the unique constraint decides, insert-and-catch.
 */
import type { Database } from "../../db.server";
import { normalizeStorefrontPath } from "../../domain/links/build-referral-url";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { findCreatorInShop } from "../../repositories/creator-code-repository.server";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";
import type { CodeError } from "./creator-code-support.server";

export interface ReferralLinkInput {
  shop: string;
  creatorId: string;
  actor: string;
  path: string;
  utmSource?: string | null;
  utmMedium?: string | null;
  utmCampaign?: string | null;
  label?: string | null;
}

export type ReferralLinkResult = { ok: true; linkId: string } | { ok: false; errors: CodeError[] };

/**
 * Absent UTM values are stored as "" rather than NULL: PostgreSQL treats NULLs as distinct in a unique index, so
 * with NULLs the (shop, creatorId, path, utm…) constraint would let the same link be added twice.
 */
function storedUtm(value: string | null | undefined): string {
  return value?.trim() ?? "";
}

export async function createReferralLink(db: Database, input: ReferralLinkInput): Promise<ReferralLinkResult> {
  const path = normalizeStorefrontPath(input.path);
  if (!path.ok) return { ok: false, errors: [{ field: "path", message: path.message }] };
  const creator = await findCreatorInShop(db, input.shop, input.creatorId);
  if (!creator) return { ok: false, errors: [{ message: "This creator does not exist in your shop (it may have been deleted). Reload the page." }] };
  try {
    const link = await db.$transaction(async (tx) => {
      const created = await tx.referralLink.create({
        data: {
          shop: input.shop,
          creatorId: creator.id,
          path: path.path,
          utmSource: storedUtm(input.utmSource),
          utmMedium: storedUtm(input.utmMedium),
          utmCampaign: storedUtm(input.utmCampaign),
          label: input.label?.trim() || null,
        },
      });
      await recordAuditEvent(tx, {
        shop: input.shop,
        actor: input.actor,
        action: "referral_link.created",
        subjectType: "creator",
        subjectId: creator.id,
        details: { linkId: created.id, path: created.path, utmSource: created.utmSource, utmMedium: created.utmMedium, utmCampaign: created.utmCampaign },
      });
      return created;
    });
    return { ok: true, linkId: link.id };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: [{ field: "path", message: `${creator.name} already has a link to ${path.path} with these UTM values.` }] };
    throw error;
  }
}

export async function deleteReferralLink(db: Database, input: { shop: string; linkId: string; actor: string }): Promise<ReferralLinkResult> {
  return db.$transaction(async (tx) => {
    const link = await tx.referralLink.findFirst({ where: { shop: input.shop, id: input.linkId } });
    if (!link) return { ok: false as const, errors: [{ message: "This link no longer exists. Reload the page." }] };
    await tx.referralLink.deleteMany({ where: { shop: input.shop, id: link.id } });
    await recordAuditEvent(tx, {
      shop: input.shop,
      actor: input.actor,
      action: "referral_link.deleted",
      subjectType: "creator",
      subjectId: link.creatorId,
      details: { linkId: link.id, path: link.path },
    });
    return { ok: true as const, linkId: link.id };
  });
}
