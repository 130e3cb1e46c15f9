/**
 * The email a creator receives when a payout they already had a statement for came back (PayPal RETURNED after
 * 30 days unclaimed, REVERSED…): the money is owed to them again and joins the next payout. Pure: the sender
 * (send-payout-returned-email.server.ts) loads the rows and passes them in formatted.
 */
import { escapeHtml } from "../html/escape-html";
import type { OutgoingEmail } from "./mailer.server";

export interface PayoutReturnedContext {
  shopName: string;
  creatorName: string;
  to: string;
  /** Formatted, e.g. "$17.84". */
  amount: string;
  method: string;
  destination: string | null;
  /** The provider's reason in plain words. */
  reason: string;
  portalUrl: string | null;
}

export function renderPayoutReturnedEmail(context: PayoutReturnedContext): OutgoingEmail {
  const sentTo = `${context.method}${context.destination ? ` (${context.destination})` : ""}`;
  const paragraphs = [
    `Hi ${context.creatorName},`,
    `The payout of ${context.amount} that ${context.shopName} sent you by ${sentTo} came back: ${context.reason}`,
    `The ${context.amount} is owed to you again and will be included in your next payout. Please check your payout details` +
      (context.portalUrl ? ` in your creator portal: ${context.portalUrl}` : " in your creator portal."),
    `Questions? Reply to this email.`,
  ];
  const text = [...paragraphs, context.shopName].join("\n\n");
  const html =
    `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#303030;max-width:560px;margin:24px auto;line-height:1.5">` +
    paragraphs.map((paragraph) => `<p style="margin:0 0 16px">${escapeHtml(paragraph)}</p>`).join("") +
    `<p style="color:#616161;font-size:13px">${escapeHtml(context.shopName)}</p></body></html>`;
  return { to: context.to, subject: `Your payout of ${context.amount} from ${context.shopName} came back`, text: `${text}\n`, html };
}
