/**
 * The theme's templates (content_for_layout): home, product, collection, cart, checkout, order confirmation,
 * customer login and account. Each returns HTML for renderThemeLayout; every value is escaped.
 */
import { escapeHtml } from "../shell/admin-pages.ts";
import { formatMinor, parseMinor } from "../orders/order-money.ts";
import type { DevstoreStateView } from "../state/state-schema.ts";
import type { CheckoutPreview } from "./preview-checkout.ts";
import type { PricedCartLine } from "./present-cart.ts";

type ProductView = DevstoreStateView["products"][number];
type CollectionView = DevstoreStateView["collections"][number];
type CustomerView = DevstoreStateView["customers"][number];

export function formatMoney(amount: bigint, currency: string): string {
  return `${formatMinor(amount, currency)} ${currency}`;
}

function productCard(product: ProductView, root: string, currency: string): string {
  const image = product.images[0];
  const price = product.variants[0] ? formatMoney(parseMinor(product.variants[0].price, currency), currency) : "";
  return `<li><a class="card" href="${escapeHtml(`${root}products/${product.handle}`)}">
${image ? `<img src="${escapeHtml(image.path)}" alt="${escapeHtml(image.altText ?? product.title)}" width="${image.width}" height="${image.height}" loading="lazy">` : ""}
<div>${escapeHtml(product.title)}</div><div class="price">${escapeHtml(price)}</div></a></li>`;
}

export function renderProductGrid(products: readonly ProductView[], root: string, currency: string): string {
  if (products.length === 0) return "<p>No products here yet.</p>";
  return `<ul class="grid">${products.map((product) => productCard(product, root, currency)).join("")}</ul>`;
}

export function renderHomePage(state: DevstoreStateView, root: string): string {
  const products = state.products.filter((product) => product.status === "ACTIVE");
  const collections = state.collections.map((collection) => `<a href="${escapeHtml(`${root}collections/${collection.handle}`)}">${escapeHtml(collection.title)}</a>`);
  return `<h1>${escapeHtml(state.shop.name)}</h1>
<p>${collections.join(" · ")}</p>
${renderProductGrid(products, root, state.shop.currencyCode)}`;
}

export function renderCollectionPage(collection: Pick<CollectionView, "title" | "descriptionHtml">, products: readonly ProductView[], root: string, currency: string): string {
  return `<h1>${escapeHtml(collection.title)}</h1>
<div>${collection.descriptionHtml}</div>
${renderProductGrid(products, root, currency)}`;
}

export function renderProductPage(product: ProductView, root: string, currency: string, selectedVariantId: number | null): string {
  const image = product.images[0];
  const selected = product.variants.find((variant) => variant.id === selectedVariantId) ?? product.variants[0];
  const options = product.variants
    .map((variant) => `<option value="${variant.id}"${variant.id === selected?.id ? " selected" : ""}>${escapeHtml(variant.title)} · ${escapeHtml(formatMoney(parseMinor(variant.price, currency), currency))}</option>`)
    .join("");
  return `<div class="product">
<div>${image ? `<img src="${escapeHtml(image.path)}" alt="${escapeHtml(image.altText ?? product.title)}" width="${image.width}" height="${image.height}">` : ""}</div>
<div>
<h1>${escapeHtml(product.title)}</h1>
<p class="price">${selected ? escapeHtml(formatMoney(parseMinor(selected.price, currency), currency)) : ""}</p>
<form method="post" action="${escapeHtml(root)}cart/add">
<label for="variant">Variant</label>
<select id="variant" name="id">${options}</select>
<label for="quantity">Quantity</label>
<input id="quantity" name="quantity" type="number" min="1" max="1000" value="1">
<p><button type="submit">Add to cart</button></p>
</form>
<div>${product.descriptionHtml}</div>
</div></div>`;
}

export function renderCartPage(lines: readonly PricedCartLine[], root: string, currency: string, discountCode: string | null): string {
  if (lines.length === 0) return `<h1>Your cart</h1><p>Your cart is empty.</p><p><a class="button" href="${escapeHtml(root)}collections/all">Continue shopping</a></p>`;
  const rows = lines
    .map(
      (line) => `<tr><td><a href="${escapeHtml(`${root}products/${line.product.handle}`)}">${escapeHtml(line.product.title)}</a>${line.variant.title === "Default Title" ? "" : `<br><small>${escapeHtml(line.variant.title)}</small>`}</td>
<td><input aria-label="Quantity of ${escapeHtml(line.product.title)}" name="updates[${escapeHtml(line.line.key)}]" type="number" min="0" max="1000" value="${line.line.quantity}" style="width:5em"></td>
<td>${escapeHtml(formatMoney(line.linePrice, currency))}</td></tr>`,
    )
    .join("");
  return `<h1>Your cart</h1>
<form method="post" action="${escapeHtml(root)}cart">
<table><thead><tr><th>Product</th><th>Quantity</th><th>Total</th></tr></thead><tbody>${rows}</tbody></table>
${discountCode ? `<p class="notice">Discount code <strong>${escapeHtml(discountCode)}</strong> will be applied at checkout.</p>` : ""}
<p><button type="submit" class="secondary">Update</button> <button type="submit" name="checkout" value="1">Check out</button></p>
</form>`;
}

export interface CheckoutPageModel {
  preview: CheckoutPreview;
  currency: string;
  email: string;
  code: string;
  giftCard: string;
  useStoreCredit: boolean;
  customer: Pick<CustomerView, "firstName" | "lastName" | "email"> | null;
  /** An error placing the order (not the code's: that is preview.discountError). */
  error: string | null;
  root: string;
}

export function renderCheckoutPage(model: CheckoutPageModel): string {
  const { preview, currency } = model;
  const money = (amount: bigint) => escapeHtml(formatMoney(amount, currency));
  const rows = preview.lines
    .map((line) => `<tr><td>${escapeHtml(line.product.title)}${line.variant.title === "Default Title" ? "" : ` · ${escapeHtml(line.variant.title)}`} × ${line.line.quantity}</td><td>${money(line.linePrice)}</td></tr>`)
    .join("");
  return `<h1>Checkout</h1>
${model.error ? `<div class="error" role="alert" id="checkout-error">${escapeHtml(model.error)}</div>` : ""}
<form method="post" action="/checkout">
${model.customer ? `<p>Logged in as <strong>${escapeHtml(`${model.customer.firstName} ${model.customer.lastName}`)}</strong> (${escapeHtml(model.customer.email)}).</p>` : `<p><a href="/account/login?return_to=/checkout">Log in</a> for a faster checkout.</p>`}
<label for="email">Email</label>
<input id="email" name="email" type="email" required value="${escapeHtml(model.email)}" autocomplete="email" style="width:100%">
<label for="phone">Phone (optional)</label>
<input id="phone" name="phone" type="tel" autocomplete="tel">
<fieldset><legend>Shipping address (optional)</legend>
<label for="address1">Address</label>
<input id="address1" name="address1" autocomplete="address-line1">
<label for="address2">Apartment, suite, etc.</label>
<input id="address2" name="address2" autocomplete="address-line2">
<label for="city">City</label>
<input id="city" name="city" autocomplete="address-level2">
<label for="province">State or province</label>
<input id="province" name="province" autocomplete="address-level1">
<label for="zip">Postal code</label>
<input id="zip" name="zip" autocomplete="postal-code">
<label for="country-code">Country code</label>
<input id="country-code" name="country_code" maxlength="2" autocomplete="country">
</fieldset>
<label for="discount">Discount code</label>
<input id="discount" name="discount" value="${escapeHtml(model.code)}" autocomplete="off"> <button type="submit" name="action" value="apply" class="secondary" aria-label="Apply discount code">Apply</button>
${preview.discountError ? `<div class="error" role="alert" id="discount-error">${escapeHtml(preview.discountError)}</div>` : ""}
${preview.discount ? `<div class="notice" id="discount-applied">Code <strong>${escapeHtml(preview.discount.code)}</strong> applied: −${money(preview.discount.amount)}</div>` : ""}
<label for="gift-card">Gift card</label>
<input id="gift-card" name="gift_card" value="${escapeHtml(model.giftCard)}" autocomplete="off"> <button type="submit" name="action" value="apply" class="secondary" aria-label="Apply gift card">Apply</button>
${model.customer && preview.storeCreditAvailable > 0n ? `<p><label><input type="checkbox" id="use-store-credit" name="use_store_credit" value="1"${model.useStoreCredit ? " checked" : ""}> Use my store credit (${money(preview.storeCreditAvailable)} available)</label></p>` : ""}
${preview.paymentError ? `<div class="error" role="alert" id="payment-error">${escapeHtml(preview.paymentError)}</div>` : ""}
<table><tbody>${rows}
<tr><td>Subtotal</td><td>${money(preview.subtotal)}</td></tr>
${preview.discount ? `<tr><td>Discount (${escapeHtml(preview.discount.code)})</td><td>−${money(preview.discount.amount)}</td></tr>` : ""}
<tr><td>Taxes</td><td>${money(preview.tax)}</td></tr>
<tr><th>Total</th><th id="checkout-total">${money(preview.total)}</th></tr>
${preview.payments?.giftCard ? `<tr><td>Gift card •••• ${escapeHtml(preview.payments.giftCard.lastCharacters)}</td><td id="gift-card-applied">−${money(preview.payments.giftCard.amount)}</td></tr>` : ""}
${preview.payments?.storeCredit ? `<tr><td>Store credit</td><td id="store-credit-applied">−${money(preview.payments.storeCredit.amount)}</td></tr>` : ""}
${preview.payments ? `<tr><th>To pay by card</th><th id="checkout-due">${money(preview.payments.due)}</th></tr>` : ""}
</tbody></table>
<p><button type="submit" name="action" value="pay">Pay now</button></p>
</form>`;
}

export function renderOrderConfirmationPage(order: { name: string; email: string | null; total: string; currency: string; discountCode: string | null }, root: string): string {
  return `<h1>Thank you!</h1>
<p class="notice">Your order <strong id="order-name">${escapeHtml(order.name)}</strong> is confirmed${order.email ? `; a confirmation goes to ${escapeHtml(order.email)}` : ""}.</p>
<p>Total paid: ${escapeHtml(`${order.total} ${order.currency}`)}${order.discountCode ? ` (code ${escapeHtml(order.discountCode)})` : ""}</p>
<p><a class="button" href="${escapeHtml(root)}">Continue shopping</a></p>`;
}

export function renderLoginPage(customers: readonly CustomerView[], returnTo: string, error: string | null): string {
  return `<h1>Log in</h1>
${error ? `<div class="error" role="alert">${escapeHtml(error)}</div>` : ""}
<p>This development store has no passwords: enter the email of one of its customers, or pick one.</p>
<form method="post" action="/account/login">
<input type="hidden" name="return_to" value="${escapeHtml(returnTo)}">
<label for="customer-email">Email</label>
<input id="customer-email" name="email" type="email" list="customer-emails" required style="width:100%">
<datalist id="customer-emails">${customers.map((customer) => `<option value="${escapeHtml(customer.email)}">${escapeHtml(`${customer.firstName} ${customer.lastName}`)}</option>`).join("")}</datalist>
<p><button type="submit">Log in</button></p>
</form>`;
}

export function renderAccountPage(customer: Pick<CustomerView, "firstName" | "lastName" | "email">, orders: readonly { name: string; createdAt: string }[]): string {
  return `<h1>${escapeHtml(`${customer.firstName} ${customer.lastName}`)}</h1>
<p>${escapeHtml(customer.email)}</p>
<h2>Orders</h2>
${orders.length === 0 ? "<p>No orders yet.</p>" : `<ul>${orders.map((order) => `<li>${escapeHtml(order.name)} · ${escapeHtml(order.createdAt.slice(0, 10))}</li>`).join("")}</ul>`}
<form method="post" action="/account/logout"><button type="submit" class="secondary">Log out</button></form>`;
}

export function renderMissingPage(message: string, root: string): string {
  return `<h1>Page not found</h1><p>${escapeHtml(message)}</p><p><a class="button" href="${escapeHtml(root)}">Back to the store</a></p>`;
}
