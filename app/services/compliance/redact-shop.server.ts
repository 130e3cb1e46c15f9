/**
 * shop/redact (48 hours after uninstall): erase the shop's personal data, keep its money records.
 *
 * Kept: orders, commissions, ledger entries and payouts with every amount (a shop that comes back, or an
 * accountant, must find sums that add up), creators' rows (pseudonymised, so foreign keys and totals still work),
 * API keys (hashes only) and settings. Erased: sessions (tokens and staff names), creators' names, emails, payout
 * emails, social handles, notes and discount-code texts made from their names, application answers, sent-mail
 * addresses and subjects, data-request reports, the rows of unfinished creator imports, stored webhook payloads, and email addresses anywhere in
 * free text (audit details and reasons, actors, import errors, outbound webhook payloads).
 *
 * Everything is set-based SQL (a large shop must fit in the handler's transaction timeout) and idempotent: every
 * statement writes values derived from the row itself, so running it again changes nothing.
 * Customer ids become the same keyed pseudonym customers/redact uses (redact-customer-identity.server.ts).
 */
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import type { Prisma } from "../../generated/prisma/client";
import { EMAIL_PATTERN_SOURCE, pseudonymiseCustomerReferrals, pseudonymiseOrderCustomers, REDACTED_EMAIL } from "./redact-customer-identity.server";

type Tx = Prisma.TransactionClient;

export interface RedactShopResult {
  sessions: number;
  creators: number;
  orders: number;
  webhookEvents: number;
}

/** Audit `details` keys that hold a person's data (creator forms, imports, applications). */
const PERSONAL_DETAIL_KEYS = ["name", "email", "payoutEmail", "socialHandles", "notes", "answers", "to", "customerEmail", "displayName"];

/**
 * Why a shop/redact delivery must not erase anything, or null when it may. Erasure cannot be undone, so a request is
 * honoured only when it names the shop it was delivered for (Shopify signs the delivery, and its body says which shop
 * it is about: the two must agree) and that shop has uninstalled Affable (Shopify sends shop/redact 48 hours after an
 * uninstall; a shop that is installed, or has reinstalled since, is using its data).
 */
export async function findShopRedactionRefusal(tx: Tx, shop: string, requestedDomain: string): Promise<string | null> {
  if (requestedDomain.trim().toLowerCase() !== shop.toLowerCase()) {
    return `the request names ${requestedDomain}, but was delivered for ${shop}; Shopify would name the shop it was sent for.`;
  }
  const row = await tx.shop.findUnique({ where: { shop }, select: { uninstalledAt: true, installedAt: true } });
  if (row !== null && row.uninstalledAt === null) {
    return `${shop} has Affable installed (last installed ${row.installedAt.toISOString()}); Shopify sends shop/redact only 48 hours after an uninstall.`;
  }
  return null;
}

/** Records a refused shop/redact in the shop's audit log (the delivery keeps the same note). */
export async function recordShopRedactionRefusal(tx: Tx, shop: string, reason: string, eventId: string) {
  await recordAuditEvent(tx, {
    shop,
    actor: "webhook",
    action: "shop.redact_refused",
    subjectType: "shop",
    subjectId: shop,
    reason: `Shopify shop/redact request not applied: ${reason}`,
    details: { webhookEventId: eventId },
  });
}

export async function redactShop(tx: Tx, shop: string, key: string, currentEventId: string, now: Date): Promise<RedactShopResult> {
  const sessions = await tx.session.deleteMany({ where: { shop } });

  // A creator keeps its id, status, ref token and money; everything that says who they are is replaced.
  const creators = await tx.$executeRaw`
    UPDATE "Creator" SET
      "name" = 'Redacted creator', "email" = 'redacted+' || "id" || '@redacted.invalid', "handle" = 'redacted-' || "id",
      "payoutEmail" = NULL, "socialHandles" = '{}'::jsonb, "notes" = NULL, "statusReason" = NULL,
      "shopifyCustomerId" = NULL, "requestedCode" = NULL
    WHERE "shop" = ${shop}`;
  // Codes are usually the creator's name ("AMELIA15"); the shop is gone from Shopify, so nobody can use them.
  await tx.$executeRaw`
    UPDATE "DiscountCode" SET "code" = 'REDACTED-' || "id", "codeNormalized" = 'REDACTED-' || upper("id") WHERE "shop" = ${shop}`;
  await tx.$executeRaw`UPDATE "ReferralLink" SET "label" = NULL WHERE "shop" = ${shop}`;
  await tx.$executeRaw`
    UPDATE "CreatorApplication" SET "answers" = '{}'::jsonb, "reason" = NULL,
      "reviewedBy" = regexp_replace("reviewedBy", ${EMAIL_PATTERN_SOURCE}, ${REDACTED_EMAIL}, 'g')
    WHERE "shop" = ${shop}`;
  await tx.$executeRaw`
    UPDATE "SentEmail" SET "to" = 'redacted@redacted.invalid', "subject" = '[redacted]', "error" = NULL WHERE "shop" = ${shop}`;
  await tx.dataRequest.deleteMany({ where: { shop } });
  // Portal sessions and sign-in links are credentials to data that is being erased.
  await tx.creatorPortalSession.deleteMany({ where: { shop } });
  await tx.creatorLoginToken.deleteMany({ where: { shop } });
  await tx.creatorImportRow.deleteMany({ where: { shop } });
  await tx.$executeRaw`
    UPDATE "CreatorImport" SET "fileName" = '[redacted]', "rowErrors" = '[]'::jsonb,
      "startedBy" = regexp_replace("startedBy", ${EMAIL_PATTERN_SOURCE}, ${REDACTED_EMAIL}, 'g')
    WHERE "shop" = ${shop}`;
  // Staff names (from Shopify or typed by the owner); their user ids and permissions stay: they say who approved money.
  await tx.staffMember.updateMany({ where: { shop }, data: { displayName: null } });

  const orders = await pseudonymiseOrderCustomers(tx, shop, key, null);
  await pseudonymiseCustomerReferrals(tx, shop, key, null);

  // The deliveries themselves are not needed once processed: keep the rows (status, hashes, notes for counts)
  // and drop the bodies. This event's own body (shop id and domain only) stays as the record of the request.
  const webhookEvents = await tx.$executeRaw`
    UPDATE "WebhookEvent" SET "payload" = NULL, "rawBody" = NULL, "resultNote" = NULL
    WHERE "shop" = ${shop} AND "id" <> ${currentEventId} AND ("payload" IS NOT NULL OR "rawBody" IS NOT NULL OR "resultNote" IS NOT NULL)`;

  await tx.$executeRaw`
    UPDATE "AuditEvent" SET
      "details" = regexp_replace(("details" - ${PERSONAL_DETAIL_KEYS}::text[])::text, ${EMAIL_PATTERN_SOURCE}, ${REDACTED_EMAIL}, 'g')::jsonb,
      "reason" = regexp_replace("reason", ${EMAIL_PATTERN_SOURCE}, ${REDACTED_EMAIL}, 'g'),
      "actor" = regexp_replace("actor", ${EMAIL_PATTERN_SOURCE}, ${REDACTED_EMAIL}, 'g')
    WHERE "shop" = ${shop}`;
  // Amounts are never touched; only who-did-it text that is an email address, and free-text notes.
  await tx.$executeRaw`
    UPDATE "LedgerEntry" SET "actor" = regexp_replace("actor", ${EMAIL_PATTERN_SOURCE}, ${REDACTED_EMAIL}, 'g')
    WHERE "shop" = ${shop} AND "actor" ~ ${EMAIL_PATTERN_SOURCE}`;
  await tx.$executeRaw`
    UPDATE "Payout" SET "note" = NULL,
      "createdBy" = regexp_replace("createdBy", ${EMAIL_PATTERN_SOURCE}, ${REDACTED_EMAIL}, 'g')
    WHERE "shop" = ${shop}`;
  await tx.$executeRaw`
    UPDATE "ApiKey" SET "createdBy" = regexp_replace("createdBy", ${EMAIL_PATTERN_SOURCE}, ${REDACTED_EMAIL}, 'g') WHERE "shop" = ${shop}`;
  await tx.$executeRaw`
    UPDATE "OutboundWebhookMessage" SET "payload" = '{"redacted": true}'::jsonb WHERE "shop" = ${shop}`;
  await tx.$executeRaw`UPDATE "OutboundWebhookAttempt" SET "responseBody" = NULL WHERE "shop" = ${shop}`;

  // The first redaction's time is the one that counts; a repeat keeps it.
  await tx.shop.updateMany({ where: { shop, redactedAt: null }, data: { redactedAt: now } });
  const result = { sessions: sessions.count, creators, orders, webhookEvents };
  await recordAuditEvent(tx, {
    shop,
    actor: "webhook",
    action: "shop.redacted",
    subjectType: "shop",
    subjectId: shop,
    reason: "Shopify shop/redact request (48 hours after uninstall)",
    details: result,
  });
  return result;
}
