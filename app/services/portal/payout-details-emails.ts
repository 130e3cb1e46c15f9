/**
 * The emails of a payout details change: the confirmation link (to the creator's address, the only proof that the
 * person in the portal session owns the account), and the notices after it applied (to the creator, and to the
 * previous PayPal address when that changed), so a change made by someone else in a hijacked session is seen.
 */
import type { Database } from "../../db.server";
import type { Mailer, OutgoingEmail } from "../../email/mailer.server";
import { escapeHtml } from "../../html/escape-html";

function composeEmail(to: string, subject: string, paragraphs: string[], link?: { href: string; label: string }): OutgoingEmail {
  const text = `${paragraphs.join("\n\n")}${link ? `\n\n${link.href}` : ""}\n`;
  const html =
    `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#303030;max-width:560px;margin:24px auto;line-height:1.5">` +
    paragraphs.map((line) => `<p>${escapeHtml(line)}</p>`).join("") +
    (link ? `<p><a href="${escapeHtml(link.href)}">${escapeHtml(link.label)}</a></p>` : "") +
    `</body></html>`;
  return { to, subject, text, html };
}

export function composeConfirmChangeEmail(input: { to: string; name: string; shopName: string; described: string; link: string; hours: number }): OutgoingEmail {
  return composeEmail(
    input.to,
    `Confirm your new payout details for ${input.shopName}`,
    [
      `Hi ${input.name},`,
      `Someone signed in to your ${input.shopName} creator portal asked to be paid by: ${input.described}.`,
      `Nothing changes until you confirm it with the link below. It works once, for ${input.hours} hours.`,
      `If you did not ask for this, do not open the link, and sign out everywhere from the portal: your payout details stay as they are.`,
    ],
    { href: input.link, label: "Confirm my new payout details" },
  );
}

export function composeDetailsChangedEmail(input: { to: string; name: string; shopName: string; before: string | null; after: string; reviewRequired: boolean }): OutgoingEmail {
  return composeEmail(input.to, `Your payout details for ${input.shopName} were changed`, [
    `Hi ${input.name},`,
    input.before ? `Your payout details were changed from "${input.before}" to "${input.after}".` : `Your payout details were set: ${input.after}.`,
    input.reviewRequired
      ? `${input.shopName} reviews changed payout details before your next payout, so it may take a little longer.`
      : `Your next payout uses these details.`,
    `If you did not make this change, contact ${input.shopName} right away.`,
  ]);
}

export function composePreviousAddressEmail(input: { to: string; shopName: string; after: string }): OutgoingEmail {
  return composeEmail(input.to, `Payouts from ${input.shopName} no longer go to this PayPal address`, [
    `Hello,`,
    `A creator of ${input.shopName} who was paid at this PayPal address changed their payout details to: ${input.after}.`,
    `If that was not you, contact ${input.shopName} right away: the next payout waits for the shop's review.`,
  ]);
}

/** Sends one email and records it in SentEmail, sent or not; a mail failure never undoes the change. */
export async function sendPortalEmail(deps: { db: Database; mailer: Mailer | null }, shop: string, template: string, email: OutgoingEmail & { fromName?: string }) {
  let error: string | null = deps.mailer ? null : "SMTP_URL is not set";
  let messageId: string | null = null;
  if (deps.mailer) {
    try {
      messageId = (await deps.mailer.send(email)).messageId;
    } catch (failure) {
      error = failure instanceof Error ? failure.message : String(failure);
    }
  }
  await deps.db.sentEmail.create({ data: { shop, to: email.to, subject: email.subject, template, messageId, error } });
  return error === null;
}
