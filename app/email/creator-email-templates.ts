import { escapeHtml } from "../html/escape-html";
import type { OutgoingEmail } from "./mailer.server";

export type CreatorEmailTemplate = "creator_invitation" | "creator_approval" | "creator_rejection";

export interface CreatorEmailContext {
  shopName: string;
  creatorName: string;
  to: string;
  /** Approval: the creator's discount code, when one exists. */
  code?: string | null;
  /** Approval: the creator's referral link to the storefront. */
  referralUrl?: string | null;
  /** Approval: the creator portal on the storefront (sign in there to see code, links, earnings). */
  portalUrl?: string | null;
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

/** Says only what exists now: the code if it was created, the link, and where to find both later. */
export function renderCreatorApprovalEmail(context: CreatorEmailContext): OutgoingEmail {
  const share = [
    context.code ? `Your discount code: ${context.code}` : null,
    context.referralUrl ? `Your referral link: ${context.referralUrl}` : null,
  ].filter((line): line is string => line !== null);
  return compose(context, `You're in: welcome to the ${context.shopName} creator program`, [
    `Hi ${context.creatorName},`,
    `Good news: ${context.shopName} approved you as a creator.`,
    ...share,
    share.length > 0
      ? `Share ${share.length === 2 ? "them" : "it"} with your audience: every order that uses ${share.length === 2 ? "them" : "it"} earns you a commission.`
      : `${context.shopName} will set up your discount code and referral link; you will find them in your creator portal.`,
    ...(context.portalUrl ? [`Your creator portal (code, links, orders and earnings): ${context.portalUrl}`] : []),
    `Questions? Reply to this email.`,
  ]);
}

/** Polite and final; the merchant's internal reason is never sent. */
export function renderCreatorRejectionEmail(context: CreatorEmailContext): OutgoingEmail {
  return compose(context, `Your application to the ${context.shopName} creator program`, [
    `Hi ${context.creatorName},`,
    `Thank you for applying to the ${context.shopName} creator program and for your interest in working with us.`,
    `We are not able to offer you a place in the program at this time. This is no judgement of your work, and you are welcome to apply again in the future.`,
    `Thank you again, and all the best.`,
  ]);
}

export function renderCreatorEmail(template: CreatorEmailTemplate, context: CreatorEmailContext): OutgoingEmail {
  if (template === "creator_invitation") return renderCreatorInvitationEmail(context);
  if (template === "creator_rejection") return renderCreatorRejectionEmail(context);
  return renderCreatorApprovalEmail(context);
}
