import { buildCreatorEventData } from "../../outbound-webhooks/creator-event-data";
import { enqueueOutboundEvent } from "../../outbound-webhooks/enqueue-outbound-event.server";
import type { Database } from "../../db.server";
import { canTransitionCreator, CREATOR_STATUS_TRANSITIONS, requiresReason, type CreatorStatus } from "../../domain/creators";
import { buildReferralUrl } from "../../domain/links/build-referral-url";
import { sendCreatorEmail } from "../../email/send-creator-email.server";
import type { CodeSyncOutcome, CreatorServiceDeps } from "./creator-service-deps.server";

export interface CreatorNotice {
  creatorId: string;
  kind: "email" | "code";
  message: string;
}

export type StatusChangeResult =
  | {
      ok: true;
      changed: Array<{ id: string; name: string }>;
      refused: Array<{ id: string; name: string; message: string }>;
      /** What happened after the change that the merchant should know about (email or code failures). */
      notices: CreatorNotice[];
    }
  | { ok: false; errors: Array<{ field: "reason" | "creatorIds"; message: string }> };

export async function loadShopName(db: Database, shop: string): Promise<string> {
  return (await db.shop.findUnique({ where: { shop }, select: { name: true } }))?.name ?? shop;
}

/**
 * Moves creators to a new status through the transition table, one transaction per creator (status, the
 * pending application's review, and an AuditEvent), then sends the approval or invitation email and, on
 * approval, asks for the discount code. A failed email or code never undoes the status change: it comes back
 * as a notice the merchant can act on.
 */
export async function changeCreatorStatus(
  deps: CreatorServiceDeps,
  input: {
    shop: string;
    actor: string;
    creatorIds: readonly string[];
    to: CreatorStatus;
    reason?: string | null;
    now?: Date;
    /**
     * Pausing or rejecting switches the creator's codes off in Shopify, and approving again switches back on the
     * ones switched off that way (default true). A paused creator's live code would keep giving shoppers a discount
     * that pays the creator nothing.
     */
    syncCodes?: boolean;
  },
): Promise<StatusChangeResult> {
  const reason = input.reason?.trim() || null;
  if (input.creatorIds.length === 0) {
    return { ok: false, errors: [{ field: "creatorIds", message: "Select at least one creator first." }] };
  }
  if (requiresReason(input.to) && reason === null) {
    return {
      ok: false,
      errors: [{ field: "reason", message: "Enter a reason for rejecting: it is kept with the decision for your team." }],
    };
  }
  const { db } = deps;
  const { shop } = input;
  const now = input.now ?? new Date();
  const creators = await db.creator.findMany({ where: { shop, id: { in: [...input.creatorIds] } } });
  const changed: Array<{ id: string; name: string }> = [];
  const refused: Array<{ id: string; name: string; message: string }> = [];
  const notices: CreatorNotice[] = [];

  for (const creator of creators) {
    const from = creator.status;
    if (from === input.to) {
      refused.push({ id: creator.id, name: creator.name, message: `${creator.name} is already ${from}.` });
      continue;
    }
    if (!canTransitionCreator(from, input.to)) {
      refused.push({
        id: creator.id,
        name: creator.name,
        message: `${creator.name} is ${from} and cannot become ${input.to}; they can become ${CREATOR_STATUS_TRANSITIONS[from].join(" or ")}.`,
      });
      continue;
    }
    const moved = await db.$transaction(async (tx) => {
      // Guarded on the status we decided from, so two staff clicking at once cannot both apply a change.
      const update = await tx.creator.updateMany({
        where: { shop, id: creator.id, status: from },
        data: {
          status: input.to,
          statusReason: reason,
          ...(input.to === "approved" ? { approvedAt: now } : {}),
        },
      });
      if (update.count === 0) return false;
      if (input.to === "approved" || input.to === "rejected") {
        await tx.creatorApplication.updateMany({
          where: { shop, creatorId: creator.id, status: "pending" },
          data: { status: input.to, reviewedBy: input.actor, reviewedAt: now, reason },
        });
      }
      await tx.auditEvent.create({
        data: {
          shop,
          actor: input.actor,
          action: "creator.status_changed",
          subjectType: "creator",
          subjectId: creator.id,
          reason,
          details: { from, to: input.to },
          createdAt: now,
        },
      });
      if (input.to === "approved") {
        await enqueueOutboundEvent(tx, { shop, type: "creator.approved", data: buildCreatorEventData({ ...creator, status: input.to }), now });
      }
      return true;
    });
    if (!moved) {
      refused.push({ id: creator.id, name: creator.name, message: `${creator.name} was changed by someone else just now. Reload and try again.` });
      continue;
    }
    changed.push({ id: creator.id, name: creator.name });
  }

  const missing = input.creatorIds.filter((id) => !creators.some((creator) => creator.id === id));
  for (const id of missing) refused.push({ id, name: id, message: "This creator no longer exists. Reload the list." });

  const reactivated = new Set<string>();
  if (input.syncCodes !== false && deps.shopifyCodes && (input.to === "paused" || input.to === "rejected" || input.to === "approved")) {
    for (const { id, name } of changed) {
      const live = input.to === "approved";
      const outcome = await syncCreatorCodes(deps.shopifyCodes, { shop, creatorId: id, actor: input.actor, live, reason: input.to === "rejected" ? "creator_rejected" : "creator_paused" });
      if (live && outcome.changed.length > 0) reactivated.add(id);
      for (const failure of outcome.failures) {
        notices.push({
          creatorId: id,
          kind: "code",
          message: live
            ? `${name} is approved, but the code ${failure.code} is still off in Shopify: ${failure.message} Reactivate it on ${name}'s page.`
            : `${name} is ${input.to}, but the code ${failure.code} is still live in Shopify: ${failure.message} Deactivate it on ${name}'s page.`,
        });
      }
    }
  }

  if (changed.length > 0 && (input.to === "approved" || input.to === "invited" || input.to === "rejected")) {
    const shopName = await loadShopName(db, shop);
    for (const { id } of changed) {
      const creator = creators.find((candidate) => candidate.id === id)!;
      // `creators` was read before the change: creator.status is the status it moved from. A creator approved
      // again gets their own codes back rather than a second one.
      notices.push(...(await followUpStatusChange(deps, { shop, shopName, actor: input.actor, creator, to: input.to, from: creator.status, skipCode: reactivated.has(id) })));
    }
  }
  return { ok: true, changed, refused, notices };
}

/**
 * What follows a creator's new status: on approval the discount code is created first, then the approval email
 * carries the code, the referral link and the portal link (it promises nothing that is not there); an invitation
 * email; a polite email to a rejected applicant (never the internal reason).
 */
export async function followUpStatusChange(
  deps: CreatorServiceDeps,
  input: {
    shop: string;
    shopName: string;
    actor: string;
    creator: { id: string; name: string; email: string; refToken?: string };
    to: CreatorStatus;
    /** The creator already has a live code again (re-approval): no new one. */
    skipCode?: boolean;
    /** The status before the change; a rejection email goes only to applicants (from "applied"). */
    from?: CreatorStatus;
  },
): Promise<CreatorNotice[]> {
  const { creator } = input;
  const notices: CreatorNotice[] = [];
  const rejectedApplicant = input.to === "rejected" && input.from === "applied";
  if (input.to !== "approved" && input.to !== "invited" && !rejectedApplicant) return notices;
  if (input.to === "approved" && deps.createCodeOnApproval && input.skipCode !== true) {
    notices.push(...(await createCodeForApprovedCreator(deps, { shop: input.shop, actor: input.actor, creator })));
  }
  const template = input.to === "approved" ? "creator_approval" : input.to === "invited" ? "creator_invitation" : "creator_rejection";
  const links = input.to === "approved" ? await loadApprovalLinks(deps.db, input.shop, creator.id) : {};
  const email = await sendCreatorEmail(deps, input.shop, template, { shopName: input.shopName, creatorName: creator.name, to: creator.email, ...links });
  if (!email.sent) {
    const what = { creator_approval: "approval", creator_invitation: "invitation", creator_rejection: "rejection" }[template];
    notices.push({
      creatorId: creator.id,
      kind: "email",
      message: `The ${what} email to ${creator.email} was not sent (${email.error}). Check your mail settings, then tell ${creator.name} yourself.`,
    });
  }
  return notices;
}

/** The approved creator's code (newest active one, if any), referral link and portal link on the storefront. */
async function loadApprovalLinks(db: Database, shop: string, creatorId: string): Promise<{ code: string | null; referralUrl: string | null; portalUrl: string }> {
  const [shopRow, creator, code] = await Promise.all([
    db.shop.findUnique({ where: { shop }, select: { primaryDomainHost: true } }),
    db.creator.findFirst({ where: { shop, id: creatorId }, select: { refToken: true } }),
    db.discountCode.findFirst({ where: { shop, creatorId, status: "active" }, orderBy: { createdAt: "desc" }, select: { code: true } }),
  ]);
  const host = shopRow?.primaryDomainHost ?? shop;
  return {
    code: code?.code ?? null,
    referralUrl: creator ? buildReferralUrl({ storefrontHost: host, path: "/", refToken: creator.refToken }) : null,
    // The app proxy's storefront path (shopify.app.toml [app_proxy] prefix/subpath).
    portalUrl: `https://${host}/apps/affable/portal`,
  };
}

/** Asks Shopify for the creator's code; a failure becomes a notice with Shopify's words and the way to retry. */
export async function createCodeForApprovedCreator(
  deps: CreatorServiceDeps,
  input: { shop: string; actor: string; creator: { id: string; name: string } },
): Promise<CreatorNotice[]> {
  if (!deps.createCodeOnApproval) return [];
  const retry = `Open ${input.creator.name} and choose "Create code" to try again.`;
  try {
    const result = await deps.createCodeOnApproval({ shop: input.shop, creatorId: input.creator.id, actor: input.actor });
    if (result.ok) return [];
    const reasons = result.errors.map((error) => error.message).join("; ");
    return [{ creatorId: input.creator.id, kind: "code", message: `${input.creator.name} is approved, but Shopify did not create the discount code: ${reasons}. ${retry}` }];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return [{ creatorId: input.creator.id, kind: "code", message: `${input.creator.name} is approved, but the discount code could not be created: ${reason} ${retry}` }];
  }
}

/** Shopify being unreachable for the whole batch is a notice per creator, not a failed status change. */
async function syncCreatorCodes(
  shopifyCodes: NonNullable<CreatorServiceDeps["shopifyCodes"]>,
  input: { shop: string; creatorId: string; actor: string; live: boolean; reason: "creator_paused" | "creator_rejected" },
): Promise<CodeSyncOutcome> {
  try {
    return await shopifyCodes.setLive(input);
  } catch (error) {
    return { changed: [], failures: [{ code: "(all codes)", message: error instanceof Error ? error.message : String(error) }] };
  }
}
