import type { Database } from "../db.server";
import { renderCreatorEmail, type CreatorEmailContext, type CreatorEmailTemplate } from "./creator-email-templates";
import type { Mailer } from "./mailer.server";

export const SMTP_NOT_SET = "SMTP_URL is not set";

export type SendResult = { sent: true; messageId: string } | { sent: false; error: string };

/**
 * Sends one creator email and records it in SentEmail, sent or not. Never throws for a mail failure: the
 * decision that triggered the email (an approval) stands, and the merchant sees the failure in the result.
 */
export async function sendCreatorEmail(
  deps: { db: Database; mailer: Mailer | null },
  shop: string,
  template: CreatorEmailTemplate,
  context: CreatorEmailContext,
): Promise<SendResult> {
  // From the shop's name, replies to the merchant's address from Settings (when set).
  const settings = await deps.db.programSettings.findUnique({ where: { shop }, select: { replyToEmail: true } });
  const email = { ...renderCreatorEmail(template, context), fromName: context.shopName, replyTo: settings?.replyToEmail ?? null };
  let result: SendResult;
  if (deps.mailer === null) {
    result = { sent: false, error: SMTP_NOT_SET };
  } else {
    try {
      result = { sent: true, messageId: (await deps.mailer.send(email)).messageId };
    } catch (error) {
      result = { sent: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
  await deps.db.sentEmail.create({
    data: {
      shop,
      to: email.to,
      subject: email.subject,
      template,
      messageId: result.sent ? result.messageId : null,
      error: result.sent ? null : result.error,
    },
  });
  return result;
}
