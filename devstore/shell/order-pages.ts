/**
 * HTML for the admin's Orders pages: the list (with a small checkout form, so a demo can place an order by hand) and
 * one order with its lines, refunds, and forms to refund (whole order, chosen units, shipping), cancel and edit.
 * Every form posts to the same-origin admin, which runs devstore/orders and sends the app its webhooks.
 */
import type { OrderPayload } from "../orders/present-order-payload.ts";
import { escapeHtml, formatTime, sectionPage, type AdminChrome } from "./admin-pages.ts";

export interface VariantOption {
  id: number;
  label: string;
}

export interface CustomerOption {
  id: number;
  label: string;
}

export interface OrdersPageModel {
  orders: readonly OrderPayload[];
  basePath: string;
  variants: readonly VariantOption[];
  customers: readonly CustomerOption[];
  currencies: readonly string[];
  notice: string | null;
  error: string | null;
}

const FINANCIAL_BADGE: Record<string, string> = { paid: "badge-success", partially_refunded: "badge-attention", refunded: "", voided: "" };

function statusBadges(order: OrderPayload): string {
  const financial = `<span class="badge ${FINANCIAL_BADGE[order.financial_status] ?? ""}">${escapeHtml(order.financial_status.replace(/_/g, " "))}</span>`;
  const cancelled = order.cancelled_at ? ' <span class="badge badge-critical">cancelled</span>' : "";
  const test = order.test ? ' <span class="badge badge-info">test</span>' : "";
  return `${financial}${cancelled}${test}`;
}

function money(amount: string, currency: string): string {
  return `${escapeHtml(amount)} ${escapeHtml(currency)}`;
}

function notices(model: { notice: string | null; error: string | null }): string {
  return `${model.notice ? `<p class="notice" role="status">${escapeHtml(model.notice)}</p>` : ""}${model.error ? `<p class="notice notice-error" role="alert">${escapeHtml(model.error)}</p>` : ""}`;
}

function options(items: readonly { id: number; label: string }[]): string {
  return items.map((item) => `<option value="${item.id}">${escapeHtml(item.label)}</option>`).join("");
}

export function renderOrdersPage(chrome: AdminChrome, model: OrdersPageModel): string {
  const list =
    model.orders.length === 0
      ? '<div class="empty">No orders yet. Place one below, or POST /__devstore/orders.</div>'
      : `<div class="table-scroll"><table class="data-table" id="orders-table">
<thead><tr><th>Order</th><th>Date</th><th>Customer</th><th>Status</th><th>Total</th><th>Buyer paid</th></tr></thead>
<tbody>${[...model.orders]
          .reverse()
          .map(
            (order) => `<tr data-order-id="${order.id}">
<td><a href="${escapeHtml(`${model.basePath}/${order.id}`)}">${escapeHtml(order.name)}</a></td>
<td class="muted">${escapeHtml(formatTime(order.processed_at))}</td>
<td>${order.customer ? escapeHtml(`${order.customer.first_name} ${order.customer.last_name}`) : '<span class="muted">No customer</span>'}</td>
<td>${statusBadges(order)}</td>
<td>${money(order.current_total_price, order.currency)}</td>
<td class="muted">${money(order.total_price_set.presentment_money.amount, order.presentment_currency)}</td>
</tr>`,
          )
          .join("")}</tbody></table></div>`;
  const checkout = `<div class="card" id="create-order"><h2>Place an order</h2>
<p>As a buyer checking out: the app gets <span class="code">orders/create</span> and <span class="code">orders/paid</span>.</p>
<form method="post" action="${escapeHtml(model.basePath)}">
<div class="form-row">
<label>Product <select class="field" name="variantId">${options(model.variants)}</select></label>
<label>Quantity <input class="field field-qty" type="number" name="quantity" min="1" max="1000" value="1" required></label>
<label>Discount code <input class="field" name="discountCode" autocomplete="off"></label>
</div>
<div class="form-row">
<label>Customer <select class="field" name="customerId"><option value="">No customer</option>${options(model.customers)}</select></label>
<label>Referral (<span class="code">_affable_ref</span>) <input class="field" name="ref" autocomplete="off"></label>
<label>Buyer's currency <select class="field" name="presentmentCurrency">${model.currencies.map((currency) => `<option>${escapeHtml(currency)}</option>`).join("")}</select></label>
<label>Shipping <input class="field field-qty" name="shippingPrice" inputmode="decimal" placeholder="0.00"></label>
<label><span><input type="checkbox" name="test" value="1"> Test order</span></label>
</div>
<button class="btn btn-primary" type="submit">Place order</button>
</form></div>`;
  return sectionPage(
    chrome,
    "Orders",
    `${notices(model)}<div class="card card-flush"><div class="card-header"><h2>Orders</h2><span class="muted">${model.orders.length} order${model.orders.length === 1 ? "" : "s"} · newest first</span></div>${list}</div>${checkout}`,
  );
}

export interface OrderPageModel {
  order: OrderPayload;
  actionBase: string;
  ordersPath: string;
  variants: readonly VariantOption[];
  notice: string | null;
  error: string | null;
}

export function renderOrderPage(chrome: AdminChrome, model: OrderPageModel): string {
  const { order } = model;
  const cancelled = order.cancelled_at !== null;
  const totals = `<dl>
<dt>Status</dt><dd>${statusBadges(order)}</dd>
<dt>Placed</dt><dd>${escapeHtml(formatTime(order.processed_at))}</dd>
<dt>Customer</dt><dd>${order.customer ? escapeHtml(`${order.customer.first_name} ${order.customer.last_name} (${order.customer.email ?? "no email"})`) : "None"}</dd>
<dt>Discount code</dt><dd>${order.discount_codes[0] ? `<span class="code">${escapeHtml(order.discount_codes[0].code)}</span> − ${money(order.discount_codes[0].amount, order.currency)}` : "None"}</dd>
<dt>Note attributes</dt><dd>${order.note_attributes.map((attribute) => `${escapeHtml(attribute.name)} = ${escapeHtml(attribute.value ?? "")}`).join("<br>") || "None"}</dd>
<dt>Subtotal</dt><dd>${money(order.subtotal_price, order.currency)}</dd>
<dt>Shipping</dt><dd>${money(order.total_shipping_price_set.shop_money.amount, order.currency)}</dd>
<dt>Tax</dt><dd>${money(order.total_tax, order.currency)}${order.taxes_included ? " (included)" : ""}</dd>
<dt>Total</dt><dd>${money(order.total_price, order.currency)} · buyer paid ${money(order.total_price_set.presentment_money.amount, order.presentment_currency)}</dd>
<dt>Now</dt><dd>${money(order.current_total_price, order.currency)} after refunds and edits</dd>
${cancelled ? `<dt>Cancelled</dt><dd>${escapeHtml(formatTime(order.cancelled_at))} (${escapeHtml(order.cancel_reason ?? "")})</dd>` : ""}
</dl>`;
  const lines = `<div class="table-scroll"><table class="data-table" id="order-lines">
<thead><tr><th>Item</th><th>Price</th><th>Discount</th><th>Tax</th><th>Bought</th><th>Left</th><th>Refund units</th><th>New quantity</th></tr></thead>
<tbody>${order.line_items
    .map(
      (line) => `<tr data-line-id="${line.id}">
<td>${escapeHtml(line.name)}<br><span class="muted code">${escapeHtml(line.sku ?? "")}</span></td>
<td>${money(line.price, order.currency)}</td>
<td>${line.discount_allocations.map((allocation) => escapeHtml(allocation.amount)).join(", ") || "—"}</td>
<td>${line.tax_lines.map((taxLine) => escapeHtml(taxLine.price)).join(", ") || "—"}</td>
<td>${line.quantity}</td>
<td>${line.current_quantity}</td>
<td><input class="field field-qty" form="refund-form" type="number" name="refund_${line.id}" min="0" max="${line.current_quantity}" value="0" aria-label="Units of ${escapeHtml(line.name)} to refund"></td>
<td><input class="field field-qty" form="edit-form" type="number" name="qty_${line.id}" min="0" value="${line.current_quantity}" aria-label="New quantity of ${escapeHtml(line.name)}"${cancelled ? " disabled" : ""}></td>
</tr>`,
    )
    .join("")}</tbody></table></div>`;
  const refunds =
    order.refunds.length === 0
      ? ""
      : `<div class="card" id="order-refunds"><h2>Refunds</h2><ul>${order.refunds
          .map(
            (refund) =>
              `<li>${escapeHtml(formatTime(refund.created_at))}: ${money(refund.transactions[0]?.amount ?? "0", order.presentment_currency)} — ${refund.refund_line_items.map((item) => `${item.quantity} × ${escapeHtml(item.line_item.name)}`).join(", ") || "no items"}${refund.order_adjustments.length > 0 ? ", shipping" : ""}${refund.note ? ` (${escapeHtml(refund.note)})` : ""}</li>`,
          )
          .join("")}</ul></div>`;
  const forms = `<div class="card" id="refund-card"><h2>Refund</h2>
<form method="post" action="${escapeHtml(`${model.actionBase}/refund`)}" id="refund-form">
<p>Choose units in the table above, and shipping to give back if any.</p>
<div class="form-row">
<label>Shipping to refund <input class="field field-qty" name="shipping" inputmode="decimal" placeholder="0.00"></label>
<label>Note <input class="field" name="note"></label>
<button class="btn btn-primary" type="submit">Refund selected</button>
</div></form>
<form method="post" action="${escapeHtml(`${model.actionBase}/refund`)}"><input type="hidden" name="full" value="1"><button class="btn" type="submit" id="refund-all">Refund whole order</button></form>
</div>
<div class="card" id="edit-card"><h2>Edit</h2>
<form method="post" action="${escapeHtml(`${model.actionBase}/edit`)}" id="edit-form">
<p>Change quantities in the table above, or add an item. The app gets <span class="code">orders/edited</span>.</p>
<div class="form-row">
<label>Add <select class="field" name="addVariantId"><option value="">Nothing</option>${options(model.variants)}</select></label>
<label>Quantity <input class="field field-qty" type="number" name="addQuantity" min="1" value="1"></label>
<button class="btn btn-primary" type="submit"${cancelled ? " disabled" : ""}>Save edit</button>
</div></form></div>
<div class="card" id="cancel-card"><h2>Cancel order</h2>
${
  cancelled
    ? "<p>This order is cancelled.</p>"
    : `<form method="post" action="${escapeHtml(`${model.actionBase}/cancel`)}"><div class="form-row">
<label>Reason <select class="field" name="reason">${["customer", "inventory", "fraud", "declined", "staff", "other"].map((reason) => `<option>${reason}</option>`).join("")}</select></label>
<label><span><input type="checkbox" name="refund" value="1" checked> Refund what was paid</span></label>
<button class="btn btn-critical" type="submit">Cancel order</button></div></form>`
}</div>`;
  return sectionPage(
    chrome,
    `Order ${order.name}`,
    `${notices(model)}<p><a class="btn" href="${escapeHtml(model.ordersPath)}">← Orders</a></p><div class="card" id="order-summary"><h2>${escapeHtml(order.name)}</h2>${totals}</div><div class="card card-flush"><div class="card-header"><h2>Items</h2></div>${lines}</div>${refunds}${forms}`,
  );
}
