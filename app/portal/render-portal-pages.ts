/**
 * The creator portal's pages as HTML for Shopify to render inside the theme (application/liquid). Every value is
 * pre-formatted text from the service and escaped here (escapeHtml); nothing names a shopper.
 */
import { escapeHtml as e } from "../html/escape-html";
import { renderCopyable, renderPortalLayout, type PortalFrame } from "./render-portal-layout";

export interface PortalOverviewView {
  creatorName: string;
  days: number;
  clicks: number;
  /** Every attributed order (the chart's dark bars). */
  orders: number;
  /** Orders through the creator's links: the conversion rate's numerator. */
  linkOrders: number;
  /** Orders through the creator's discount code: no click, so shown apart. */
  codeOrders: number;
  conversionRateText: string;
  earningsPerClickText: string;
  pendingText: string;
  approvedText: string;
  paidText: string;
  chartSvg: string;
  statusNote: string | null;
}

export interface PortalLinksView {
  creatorName: string;
  links: Array<{ label: string; url: string; qrSvg: string; discountUrl: string | null }>;
  codes: Array<{ code: string; valueLabel: string }>;
}

export interface PortalOrdersView {
  creatorName: string;
  orders: Array<{ name: string; date: string; amountText: string; commissionText: string; status: string }>;
}

export interface PortalAssetsView {
  creatorName: string;
  assets: Array<{ title: string; text: string }>;
}

function card(label: string, value: string | number): string {
  return `<div class="affable-card"><span class="affable-muted">${e(label)}</span><strong>${e(value)}</strong></div>`;
}

function table(headers: string[], rows: Array<Array<string | number>>, empty: string): string {
  if (rows.length === 0) return `<p>${e(empty)}</p>`;
  const head = headers.map((header) => `<th scope="col">${e(header)}</th>`).join("");
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${e(cell)}</td>`).join("")}</tr>`).join("");
  // A table wider than a phone scrolls sideways: the scrolling box must be reachable by keyboard and named.
  return `<div class="affable-table" role="region" tabindex="0" aria-label="${e(headers.join(", "))}"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

export function renderPortalOverview(frame: PortalFrame, view: PortalOverviewView): string {
  const note = view.statusNote ? `<p><strong>${e(view.statusNote)}</strong></p>` : "";
  const body =
    note +
    `<h2>Last ${view.days} days</h2><div class="affable-grid">` +
    card("Link clicks", view.clicks) +
    card("Link orders", view.linkOrders) +
    card("Link conversion rate", view.conversionRateText) +
    card("Earnings per link click", view.earningsPerClickText) +
    card("Code orders", view.codeOrders) +
    `</div><p class="affable-muted">Conversion rate and earnings per click count orders through your links only; orders with your code have no click, so they are counted on their own.</p>` +
    `${view.chartSvg}<p class="affable-muted">Light bars: clicks. Dark bars: all orders.</p>` +
    `<h2>Earnings</h2><div class="affable-grid">` +
    card("Pending", view.pendingText) +
    card("Approved, not yet paid", view.approvedText) +
    card("Paid", view.paidText) +
    `</div><p class="affable-muted">Commissions are pending until the shop's return window ends, then approved and paid.</p>`;
  return renderPortalLayout(frame, { current: "", creatorName: view.creatorName, body });
}

export function renderPortalLinks(frame: PortalFrame, view: PortalLinksView): string {
  const codes = view.codes.length
    ? view.codes.map((code) => `<div class="affable-card"><span class="affable-muted">${e(code.valueLabel)}</span>${renderCopyable(code.code)}</div>`).join("")
    : `<p>No discount code yet. The shop will add one for you.</p>`;
  const links = view.links
    .map(
      (link) =>
        `<div class="affable-card"><h3>${e(link.label)}</h3>${renderCopyable(link.url)}` +
        (link.discountUrl ? `<p class="affable-muted">With your code applied:</p>${renderCopyable(link.discountUrl)}` : "") +
        `<div class="affable-qr" role="img" aria-label="QR code for ${e(link.label)}">${link.qrSvg}</div></div>`,
    )
    .join("");
  const body = `<h2>Discount codes</h2><div class="affable-grid">${codes}</div><h2>Referral links</h2><div class="affable-grid">${links}</div>`;
  return renderPortalLayout(frame, { current: "links", creatorName: view.creatorName, body });
}

export function renderPortalOrders(frame: PortalFrame, view: PortalOrdersView): string {
  const rows = view.orders.map((order) => [order.name, order.date, order.amountText, order.commissionText, order.status]);
  const body = `<h2>Orders</h2>${table(["Order", "Date", "Amount", "Commission", "Status"], rows, "No orders yet. Share your link or code to get started.")}`;
  return renderPortalLayout(frame, { current: "orders", creatorName: view.creatorName, body });
}

export function renderPortalAssets(frame: PortalFrame, view: PortalAssetsView): string {
  const items = view.assets.map((asset) => `<div class="affable-card"><h3>${e(asset.title)}</h3>${renderCopyable(asset.text)}</div>`).join("");
  const body = `<h2>Marketing assets</h2><p class="affable-muted">Ready-to-post captions with your code and link.</p><div class="affable-grid">${items}</div>`;
  return renderPortalLayout(frame, { current: "assets", creatorName: view.creatorName, body });
}
