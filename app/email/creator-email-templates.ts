import { escapeHtml } from "../html/escape-html";
import type { OutgoingEmail } from "./mailer.server";

export type CreatorEmailTemplate = "creator_invitation" | "creator_approval";

export interface CreatorEmailContext {
  shopName: string;
  creatorName: string;
  to: string;
}


function layout(paragraphs: string[], shopName: string): string {
  const body = paragraphs.map((text) => `<p style="margin:0 0 16px">${escapeHtml(text)}</p>`).join("");
  return (
    `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#303030;` +
    `max-width:560px;margin:24px auto;line-height:1.5">${body}` +
    `<p style="color:#616161;font-size:13px">${escapeHtml(shopName)}</p></body></html>`
  );
}

function compose(context: CreatorEmailContext, subject: string, paragraphs: string[]): OutgoingEmail {
  return {
    to: context.to,
    subject,
    text: `${paragraphs.join("\n\n")}\n\n${context.shopName}\n`,
    html: layout(paragraphs, context.shopName),
  };
}

export function renderCreatorInvitationEmail(context: CreatorEmailContext): OutgoingEmail {
  return compose(context, `${context.shopName} invites you to its creator program`, [
    `Hi ${context.creatorName},`,
    `${context.shopName} would love to have you in its creator program. Creators share their own discount code and referral link, and earn a commission on every order they bring in.`,
    `Reply to this email to accept, or if you have any questions about the program.`,
  ]);
}

export function renderCreatorApprovalEmail(context: CreatorEmailContext): OutgoingEmail {
  return compose(context, `You're in: welcome to the ${context.shopName} creator program`, [
    `Hi ${context.creatorName},`,
    `Good news: ${context.shopName} approved you as a creator.`,
    `Your discount code and referral link will be sent to you shortly. Every order that uses them earns you a commission.`,
  ]);
}

export function renderCreatorEmail(template: CreatorEmailTemplate, context: CreatorEmailContext): OutgoingEmail {
  return template === "creator_invitation" ? renderCreatorInvitationEmail(context) : renderCreatorApprovalEmail(context);
}
