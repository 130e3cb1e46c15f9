/**
 * The creator portal's payout history (one row per payout, with where it stands) and the statement of one payout:
 * the commissions it paid (by order), the clawbacks it deducted, the method and the references.
 */
import { escapeHtml as e } from "../html/escape-html";
import { buildPortalHref, renderPortalLayout, type PortalFrame } from "./render-portal-layout";

export interface PortalPayoutHistoryView {
  creatorName: string;
  payouts: Array<{ id: string; date: string; amountText: string; method: string; statusLabel: string; reference: string }>;
}

export interface PortalPayoutStatementView {
  creatorName: string;
  date: string;
  paidDate: string | null;
  amountText: string;
  method: string;
  statusLabel: string;
  reference: string;
  providerId: string;
  commissions: Array<{ order: string; orderDate: string; amountText: string }>;
  clawbacks: Array<{ order: string; amountText: string }>;
  commissionsTotalText: string;
  clawbacksTotalText: string;
}

function renderTable(caption: string, headers: string[], rows: string[][]): string {
  const head = headers.map((header) => `<th scope="col">${header}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join("")}</tr>`).join("");
  // A table wider than a phone scrolls sideways: the scrolling box must be reachable by keyboard and named.
  return `<div class="affable-table" role="region" tabindex="0" aria-label="${e(caption)}"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function renderPortalPayoutHistory(frame: PortalFrame, view: PortalPayoutHistoryView): string {
  const table = view.payouts.length
    ? renderTable(
        "Payouts",
        ["Date", "Amount", "Method", "Status", "Reference", "Statement"],
        view.payouts.map((payout) => [
          e(payout.date),
          e(payout.amountText),
          e(payout.method),
          e(payout.statusLabel),
          e(payout.reference),
          `<a href="${e(buildPortalHref(frame, `payouts/${encodeURIComponent(payout.id)}`))}" aria-label="${e(`View statement of the ${payout.amountText} payout on ${payout.date}`)}">View</a>`,
        ]),
      )
    : `<p>No payouts yet.</p>`;
  const body =
    `<h2>Payouts</h2>${table}` +
    `<p class="affable-muted">Choose how you are paid on <a href="${e(buildPortalHref(frame, "payout-details"))}">Payout details</a>.</p>`;
  return renderPortalLayout(frame, { current: "payouts", creatorName: view.creatorName, body });
}

export function renderPortalPayoutStatement(frame: PortalFrame, view: PortalPayoutStatementView): string {
  const facts: Array<[string, string]> = [
    ["Amount", view.amountText],
    ["Status", view.statusLabel],
    ["Method", view.method],
    ["Date", view.date],
    ...(view.paidDate ? ([["Paid on", view.paidDate]] as Array<[string, string]>) : []),
    ...(view.reference ? ([["Reference", view.reference]] as Array<[string, string]>) : []),
    ...(view.providerId ? ([["Provider id", view.providerId]] as Array<[string, string]>) : []),
  ];
  const list = `<dl class="affable-statement">${facts.map(([term, value]) => `<div><dt>${e(term)}</dt><dd>${e(value)}</dd></div>`).join("")}</dl>`;
  const commissions = view.commissions.length
    ? renderTable(
        "Commissions paid",
        ["Order", "Order date", "Commission"],
        [...view.commissions.map((line) => [e(line.order), e(line.orderDate), e(line.amountText)]), [`<strong>Total</strong>`, "", `<strong>${e(view.commissionsTotalText)}</strong>`]],
      )
    : `<p>No commissions are listed for this payout.</p>`;
  const clawbacks = view.clawbacks.length
    ? `<h3>Clawbacks deducted</h3><p class="affable-muted">Commissions already paid on orders that were later refunded, taken back from this payout.</p>` +
      renderTable("Clawbacks deducted", ["Order", "Deducted"], [...view.clawbacks.map((line) => [e(line.order), e(line.amountText)]), [`<strong>Total</strong>`, `<strong>${e(view.clawbacksTotalText)}</strong>`]])
    : "";
  const body =
    `<h2>Payout statement</h2><p><a href="${e(buildPortalHref(frame, "payouts"))}">Back to payouts</a></p>${list}` +
    `<h3>Commissions paid</h3>${commissions}${clawbacks}`;
  return renderPortalLayout(frame, { current: "payouts", creatorName: view.creatorName, body });
}
