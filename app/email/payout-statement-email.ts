/**
 * The statement a creator receives when a payout is paid: what was paid, how, the reference to look for, and every
 * commission (by order name) and clawback it settles. Pure: the sender (send-payout-statement-email.server.ts) loads
 * the rows and passes them in already formatted.
 */
import { escapeHtml } from "../html/escape-html";
import type { OutgoingEmail } from "./mailer.server";

export interface PayoutStatementLine {
  /** The order name ("#1042"), or its id when the order's name is unknown. */
  orderLabel: string;
  /** Formatted, e.g. "$8.92"; clawbacks are shown as a positive amount under "Clawbacks deducted". */
  amount: string;
}

export interface PayoutStatementContext {
  shopName: string;
  creatorName: string;
  to: string;
  /** Formatted total paid, e.g. "$17.84". */
  amount: string;
  method: string;
  /** Where the money went, as shown (never a secret), e.g. "PayPal amelia@example.com". */
  destination: string | null;
  /** The provider's id for this payment (PayPal payout item id, …) or Affable's own reference. */
  reference: string;
  /** Formatted in the shop's time zone. */
  paidOn: string;
  commissions: PayoutStatementLine[];
  clawbacks: PayoutStatementLine[];
  /** Formatted total of the clawbacks deducted, when there are any. */
  clawbackTotal: string | null;
  portalUrl: string | null;
}

const PAYOUT_METHOD_WORDS: Record<string, string> = {
  paypal: "PayPal",
  store_credit: "Store credit",
  gift_card: "Gift card",
  sepa_file: "Bank transfer (SEPA)",
  wise_file: "Bank transfer (Wise)",
  csv_file: "Bank transfer",
  manual: "Paid directly by the shop",
};

export function describeRunMethod(method: string | null): string {
  return method === null ? "Not set" : (PAYOUT_METHOD_WORDS[method] ?? method);
}

function table(title: string, lines: PayoutStatementLine[]): string {
  const rows = lines
    .map((line) => `<tr><td style="padding:2px 16px 2px 0">${escapeHtml(line.orderLabel)}</td><td style="padding:2px 0;text-align:right">${escapeHtml(line.amount)}</td></tr>`)
    .join("");
  return `<p style="margin:16px 0 4px;font-weight:600">${escapeHtml(title)}</p><table style="border-collapse:collapse">${rows}</table>`;
}

export function renderPayoutStatementEmail(context: PayoutStatementContext): OutgoingEmail {
  const summary = [
    `Amount: ${context.amount}`,
    `Method: ${context.method}${context.destination ? ` (${context.destination})` : ""}`,
    `Reference: ${context.reference}`,
    `Paid on: ${context.paidOn}`,
  ];
  const commissionText = context.commissions.map((line) => `  ${line.orderLabel}  ${line.amount}`);
  const clawbackText = context.clawbacks.map((line) => `  ${line.orderLabel}  −${line.amount}`);
  const text = [
    `Hi ${context.creatorName},`,
    `${context.shopName} paid you ${context.amount}. Here is your statement.`,
    summary.join("\n"),
    [`Commissions included (${context.commissions.length}):`, ...commissionText].join("\n"),
    ...(context.clawbacks.length > 0 ? [[`Clawbacks deducted (${context.clawbackTotal ?? ""}):`, ...clawbackText].join("\n")] : []),
    ...(context.portalUrl ? [`Your payouts and statements are also in your creator portal: ${context.portalUrl}`] : []),
    `Questions? Reply to this email.`,
    context.shopName,
  ].join("\n\n");
  const html =
    `<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,sans-serif;color:#303030;max-width:560px;margin:24px auto;line-height:1.5">` +
    `<p style="margin:0 0 16px">Hi ${escapeHtml(context.creatorName)},</p>` +
    `<p style="margin:0 0 16px">${escapeHtml(context.shopName)} paid you <strong>${escapeHtml(context.amount)}</strong>. Here is your statement.</p>` +
    `<p style="margin:0 0 16px">${summary.map((line) => escapeHtml(line)).join("<br>")}</p>` +
    table(`Commissions included (${context.commissions.length})`, context.commissions) +
    (context.clawbacks.length > 0 ? table(`Clawbacks deducted (${context.clawbackTotal ?? ""})`, context.clawbacks.map((line) => ({ ...line, amount: `−${line.amount}` }))) : "") +
    (context.portalUrl ? `<p style="margin:16px 0">Your payouts and statements are also in your <a href="${escapeHtml(context.portalUrl)}">creator portal</a>.</p>` : "") +
    `<p style="margin:16px 0">Questions? Reply to this email.</p>` +
    `<p style="color:#616161;font-size:13px">${escapeHtml(context.shopName)}</p></body></html>`;
  return { to: context.to, subject: `${context.shopName} paid you ${context.amount}`, text: `${text}\n`, html };
}
