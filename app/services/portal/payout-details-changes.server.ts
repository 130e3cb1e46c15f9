/**
 * Payout method and details chosen by the creator in the portal, changed only with an email confirmation.
 *
 * Why: whoever holds a portal session (a borrowed laptop, a stolen sign-in link) must not be able to redirect a
 * creator's money silently. Saving the form stores a PayoutDetailsChange (details sealed, only a SHA-256 of the
 * link's token) and emails the link to the creator's current address; the change applies only when that link is
 * confirmed (single use, 24 hours, the newest request only). When it applies over existing details, the creator
 * (and the previous PayPal address, if it changed) is told, and CreatorPayoutProfile.reviewRequired holds the next
 * payout until the merchant approves the new details on the creator page. A first setup needs the confirmation but
 * no review: there was nothing to redirect.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Database } from "../../db.server";
import type { Mailer } from "../../email/mailer.server";
import type { Prisma } from "../../generated/prisma/client";
import { formatShopDate } from "../../domain/reporting/format-shop-date";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { openSecret, sealSecret } from "../../security/secret-box.server";
import { canApprovePayouts } from "../staff/payout-approvers.server";
import { composeConfirmChangeEmail, composeDetailsChangedEmail, composePreviousAddressEmail, sendPortalEmail } from "./payout-details-emails";
import { describePayoutDetails, STORED_METHOD, toPortalMethod, type PayoutDetails, type PortalPayoutMethod } from "./payout-details-form";
import { payoutDestinationKey } from "../creators/creator-identity-keys.server";

export const CONFIRM_LINK_HOURS = 24;

export interface PayoutDetailsDeps {
  db: Database;
  mailer: Mailer | null;
  now: Date;
}

/** What may be shown of a creator's payout details: never a full IBAN. */
export interface PayoutDetailsSummary {
  method: PortalPayoutMethod;
  paypalEmail?: string | null;
  ibanLast4?: string | null;
  accountHolderName?: string | null;
  bic?: string | null;
}

export const ibanContext = (shop: string, creatorId: string) => `iban:${shop}:${creatorId}`;
const changeContext = (shop: string, creatorId: string) => `payout-details-change:${shop}:${creatorId}`;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

function summarize(details: PayoutDetails): PayoutDetailsSummary {
  switch (details.method) {
    case "paypal":
      return { method: "paypal", paypalEmail: details.paypalEmail };
    case "bank_transfer":
      return { method: "bank_transfer", ibanLast4: details.iban.slice(-4), accountHolderName: details.accountHolderName, bic: details.bic };
    default:
      return { method: details.method };
  }
}

type ProfileRow = { method: string | null; paypalEmail: string | null; ibanLast4: string | null; accountHolderName: string | null; bic: string | null };

function summarizeProfile(profile: ProfileRow | null): PayoutDetailsSummary | null {
  const method = toPortalMethod(profile?.method);
  if (!profile || !method) return null;
  return { method, paypalEmail: profile.paypalEmail, ibanLast4: profile.ibanLast4, accountHolderName: profile.accountHolderName, bic: profile.bic };
}

export interface PayoutDetailsState {
  current: PayoutDetailsSummary | null;
  reviewRequired: boolean;
  /** The newest change still waiting for its email confirmation. */
  pending: { summary: PayoutDetailsSummary; sentTo: string; expiresAt: Date } | null;
}

export async function loadPayoutDetailsState(db: Database, shop: string, creatorId: string, now: Date): Promise<PayoutDetailsState> {
  const [profile, pending] = await Promise.all([
    db.creatorPayoutProfile.findUnique({ where: { shop_creatorId: { shop, creatorId } } }),
    db.payoutDetailsChange.findFirst({
      where: { shop, creatorId, confirmedAt: null, supersededAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  return {
    current: summarizeProfile(profile),
    reviewRequired: profile?.reviewRequired ?? false,
    pending: pending ? { summary: pending.summary as unknown as PayoutDetailsSummary, sentTo: pending.sentTo, expiresAt: pending.expiresAt } : null,
  };
}

export interface ChangeRequest {
  shop: string;
  shopName: string;
  creator: { id: string; name: string; email: string };
  details: PayoutDetails;
  requestedVia: "customer" | "session";
  /** https://{storefront host}{proxy prefix}: where the confirmation link points. */
  portalBaseUrl: string;
}

/**
 * Stores the change (replacing any earlier unconfirmed one) and emails the confirmation link to the creator's address.
 * Returns where the link went and whether the email left.
 */
export async function requestPayoutDetailsChange(deps: PayoutDetailsDeps, request: ChangeRequest): Promise<{ changeId: string; sentTo: string; emailSent: boolean }> {
  const { db, now } = deps;
  const { shop, creator, details } = request;
  const token = randomBytes(32).toString("base64url");
  const summary = summarize(details);
  const change = await db.$transaction(async (tx) => {
    await tx.payoutDetailsChange.updateMany({ where: { shop, creatorId: creator.id, confirmedAt: null, supersededAt: null }, data: { supersededAt: now } });
    const created = await tx.payoutDetailsChange.create({
      data: {
        shop,
        creatorId: creator.id,
        method: STORED_METHOD[details.method],
        payloadSealed: sealSecret(JSON.stringify(details), changeContext(shop, creator.id)),
        summary: summary as unknown as Prisma.InputJsonValue,
        tokenHash: hashToken(token),
        sentTo: creator.email,
        requestedVia: request.requestedVia,
        createdAt: now,
        expiresAt: new Date(now.getTime() + CONFIRM_LINK_HOURS * 3_600_000),
      },
    });
    await recordAuditEvent(tx, {
      shop,
      actor: `creator:${creator.id}`,
      action: "creator.payout_details_change_requested",
      subjectType: "creator",
      subjectId: creator.id,
      details: { method: details.method, sentTo: creator.email, via: request.requestedVia },
    });
    return created;
  });
  const link = `${request.portalBaseUrl}/portal/payout-details/confirm?token=${token}`;
  const email = composeConfirmChangeEmail({
    to: creator.email,
    name: creator.name,
    shopName: request.shopName,
    described: describePayoutDetails(summary),
    link,
    hours: CONFIRM_LINK_HOURS,
  });
  const emailSent = await sendPortalEmail(deps, shop, "creator_payout_details_confirm", { ...email, fromName: request.shopName });
  return { changeId: change.id, sentTo: creator.email, emailSent };
}

export type ConfirmOutcome =
  | { ok: true; creatorId: string; summary: PayoutDetailsSummary; reviewRequired: boolean }
  | { ok: false; reason: "invalid" | "expired" | "used" | "superseded" };

/**
 * Applies a change from its emailed link. Single use by construction: the UPDATE only matches an unconfirmed,
 * unexpired, newest request, so of two clicks exactly one applies it.
 */
export async function confirmPayoutDetailsChange(deps: PayoutDetailsDeps, input: { shop: string; shopName: string; token: string; timeZone: string }): Promise<ConfirmOutcome> {
  const { db, now } = deps;
  const { shop } = input;
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(input.token)) return { ok: false, reason: "invalid" };
  const tokenHash = hashToken(input.token);
  const outcome = await db.$transaction(async (tx) => {
    const { count } = await tx.payoutDetailsChange.updateMany({
      where: { shop, tokenHash, confirmedAt: null, supersededAt: null, expiresAt: { gt: now } },
      data: { confirmedAt: now },
    });
    const change = await tx.payoutDetailsChange.findFirst({ where: { shop, tokenHash } });
    if (!change) return { ok: false as const, reason: "invalid" as const };
    if (count === 0) {
      const reason: "used" | "superseded" | "expired" = change.confirmedAt ? "used" : change.supersededAt ? "superseded" : "expired";
      return { ok: false as const, reason };
    }
    const creator = await tx.creator.findFirst({ where: { shop, id: change.creatorId }, select: { id: true, name: true, email: true } });
    if (!creator) return { ok: false as const, reason: "invalid" as const };
    const details = JSON.parse(openSecret(change.payloadSealed, changeContext(shop, change.creatorId))) as PayoutDetails;
    // Locked, so a merchant's approval cannot interleave with the change it would be approving.
    await tx.$queryRaw`SELECT id FROM "CreatorPayoutProfile" WHERE shop = ${shop} AND "creatorId" = ${creator.id} FOR UPDATE`;
    const previous = await tx.creatorPayoutProfile.findUnique({ where: { shop_creatorId: { shop, creatorId: creator.id } } });
    const before = summarizeProfile(previous);
    const after = summarize(details);
    const reviewRequired = before !== null;
    const reviewReason = before
      ? `Payout details changed in the creator portal on ${formatShopDate(now, input.timeZone)}: from "${describePayoutDetails(before)}" to "${describePayoutDetails(after)}". Check with the creator before the next payout.`
      : null;
    const fields = {
      method: STORED_METHOD[details.method],
      paypalEmail: details.method === "paypal" ? details.paypalEmail : null,
      ibanSealed: details.method === "bank_transfer" ? sealSecret(details.iban, ibanContext(shop, creator.id)) : null,
      ibanLast4: details.method === "bank_transfer" ? details.iban.slice(-4) : null,
      bic: details.method === "bank_transfer" ? details.bic : null,
      accountHolderName: details.method === "bank_transfer" ? details.accountHolderName : null,
      country: details.method === "bank_transfer" ? details.country : null,
      destinationKey: payoutDestinationKey(
        details.method === "paypal" ? { paypalEmail: details.paypalEmail } : details.method === "bank_transfer" ? { iban: details.iban } : {},
      ),
      reviewRequired,
      reviewReason,
      reviewedAt: null,
      reviewedBy: null,
    };
    await tx.creatorPayoutProfile.upsert({
      where: { shop_creatorId: { shop, creatorId: creator.id } },
      create: { shop, creatorId: creator.id, ...fields },
      update: fields,
    });
    await recordAuditEvent(tx, {
      shop,
      actor: `creator:${creator.id}`,
      action: "creator.payout_details_changed",
      subjectType: "creator",
      subjectId: creator.id,
      reason: reviewReason,
      details: { from: before ? describePayoutDetails(before) : null, to: describePayoutDetails(after), reviewRequired, changeId: change.id },
    });
    return { ok: true as const, creator, before, after, reviewRequired, previousPaypal: previous?.paypalEmail ?? null };
  });
  if (!outcome.ok) return outcome;

  const { creator, before, after, reviewRequired, previousPaypal } = outcome;
  const mail = { db, mailer: deps.mailer };
  const fromName = input.shopName;
  await sendPortalEmail(mail, shop, "creator_payout_details_changed", {
    ...composeDetailsChangedEmail({
      to: creator.email,
      name: creator.name,
      shopName: input.shopName,
      before: before ? describePayoutDetails(before) : null,
      after: describePayoutDetails(after),
      reviewRequired,
    }),
    fromName,
  });
  const newPaypal = after.method === "paypal" ? after.paypalEmail : null;
  if (previousPaypal && previousPaypal !== newPaypal && previousPaypal.toLowerCase() !== creator.email.toLowerCase()) {
    await sendPortalEmail(mail, shop, "creator_payout_details_previous_address", {
      ...composePreviousAddressEmail({ to: previousPaypal, shopName: input.shopName, after: describePayoutDetails(after) }),
      fromName,
    });
  }
  return { ok: true, creatorId: creator.id, summary: after, reviewRequired };
}

export type ApproveOutcome = { ok: true } | { ok: false; status: 403 | 404 | 409; message: string };

export const NOT_ALLOWED_TO_APPROVE_DETAILS =
  "Only the store owner and staff members they allow may approve changed payout details (they decide where money goes). Ask the owner to turn on “Can approve payouts” for you in Settings › Staff.";

/**
 * The merchant's review of changed payout details (creator page): clears the hold on the next payout. Approving them
 * decides where money goes, so it takes the same permission as approving a payout run (canApprovePayouts).
 */
export async function approvePayoutDetails(
  db: Database,
  input: { shop: string; creatorId: string; actor: string; now: Date; /** The details' updatedAt as the merchant saw them. */ seenUpdatedAt?: string },
): Promise<ApproveOutcome> {
  const { shop, creatorId, actor, now } = input;
  if (!(await canApprovePayouts(db, shop, actor))) return { ok: false, status: 403, message: NOT_ALLOWED_TO_APPROVE_DETAILS };
  const seen = input.seenUpdatedAt ? new Date(input.seenUpdatedAt) : null;
  return db.$transaction(async (tx) => {
    const profile = await tx.creatorPayoutProfile.findUnique({ where: { shop_creatorId: { shop, creatorId } } });
    if (!profile) return { ok: false as const, status: 404 as const, message: "This creator has not set payout details yet." };
    const { count } = await tx.creatorPayoutProfile.updateMany({
      // The row as read: details changed again since the page was loaded are not approved unseen.
      where: { shop, creatorId, reviewRequired: true, updatedAt: seen && !Number.isNaN(seen.getTime()) ? seen : profile.updatedAt },
      data: { reviewRequired: false, reviewedAt: now, reviewedBy: actor },
    });
    if (count === 0) {
      return { ok: false as const, status: 409 as const, message: "These payout details were already approved, or changed again since the page loaded. Reload the page and check them." };
    }
    await recordAuditEvent(tx, {
      shop,
      actor,
      action: "creator.payout_details_approved",
      subjectType: "creator",
      subjectId: creatorId,
      reason: profile.reviewReason,
      details: { details: describePayoutDetails(summarizeProfile(profile) ?? { method: "store_credit" }) },
    });
    return { ok: true as const };
  });
}

/** The creator page's view of the payout details (masked). */
export async function loadPayoutDetailsReview(db: Database, shop: string, creatorId: string, timeZone: string) {
  const profile = await db.creatorPayoutProfile.findUnique({ where: { shop_creatorId: { shop, creatorId } } });
  const summary = summarizeProfile(profile);
  if (!profile || !summary) return null;
  return {
    method: summary.method,
    described: describePayoutDetails(summary),
    paypalEmail: summary.paypalEmail ?? null,
    ibanLast4: summary.ibanLast4 ?? null,
    accountHolderName: summary.accountHolderName ?? null,
    bic: summary.bic ?? null,
    reviewRequired: profile.reviewRequired,
    reviewReason: profile.reviewReason,
    reviewedAt: profile.reviewedAt ? formatShopDate(profile.reviewedAt, timeZone) : null,
    reviewedBy: profile.reviewedBy,
    updatedAt: profile.updatedAt.toISOString(),
  };
}
