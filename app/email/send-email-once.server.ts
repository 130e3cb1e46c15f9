/**
 * At most once, visibly: an email that must never go out twice (a payout statement, the news that a payout came back,
 * Shopify's gift card email) is claimed by inserting its SentEmail row with a unique (shop, dedupeKey) BEFORE it is
 * sent. A duplicate report, a webhook racing the status sync or a second job instance finds the key taken and sends
 * nothing; a crash between the claim and the send leaves the row saying "sending" (never a second email). The send
 * then records its outcome on the row; a mail failure is recorded, never thrown.
 */
import type { Database } from "../db.server";
import { isUniqueViolation } from "../repositories/is-unique-violation.server";
import { getMailer, type Mailer, type OutgoingEmail } from "./mailer.server";
import { SMTP_NOT_SET } from "./send-creator-email.server";

export type OnceEmailResult = { outcome: "sent"; messageId: string } | { outcome: "not_sent"; error: string } | { outcome: "already_sent" } | { outcome: "not_applicable"; reason: string };

export type EmailClaim = { shop: string; to: string; template: string; dedupeKey: string; now: Date; subject?: string };

/** True when this caller claimed the email; false when someone already did (it was sent, or is being sent). */
export async function claimEmailOnce(db: Database, claim: EmailClaim): Promise<boolean> {
  try {
    await db.sentEmail.create({
      data: {
        shop: claim.shop, to: claim.to, subject: claim.subject ?? `(${claim.template})`, template: claim.template,
        dedupeKey: claim.dedupeKey, error: "sending", createdAt: claim.now,
      },
    });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Records how a claimed email went: `error` null when it was delivered. */
export async function recordClaimedEmail(db: Database, shop: string, dedupeKey: string, outcome: { subject?: string; messageId?: string | null; error: string | null }): Promise<void> {
  await db.sentEmail.update({
    where: { shop_dedupeKey: { shop, dedupeKey } },
    data: { ...(outcome.subject === undefined ? {} : { subject: outcome.subject }), messageId: outcome.messageId ?? null, error: outcome.error },
  });
}

/** Sends an email this caller claimed (claimEmailOnce) through the mailer, and records the outcome on its row. */
export async function deliverClaimedEmail(db: Database, mailer: Mailer | null | undefined, shop: string, dedupeKey: string, email: OutgoingEmail): Promise<OnceEmailResult> {
  const sender = mailer === undefined ? getMailer() : mailer;
  let result: OnceEmailResult;
  if (sender === null) {
    result = { outcome: "not_sent", error: SMTP_NOT_SET };
  } else {
    try {
      result = { outcome: "sent", messageId: (await sender.send(email)).messageId };
    } catch (error) {
      result = { outcome: "not_sent", error: error instanceof Error ? error.message : String(error) };
    }
  }
  await recordClaimedEmail(db, shop, dedupeKey, {
    subject: email.subject,
    messageId: result.outcome === "sent" ? result.messageId : null,
    error: result.outcome === "not_sent" ? result.error : null,
  });
  return result;
}
