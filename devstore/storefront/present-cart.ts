/**
 * The cart as Shopify's Ajax Cart API answers it (`GET /cart.js`): prices are integers in the currency's minor unit
 * ("cents"), lines carry their `key`, variant and product ids, and `attributes` are what the order's note_attributes
 * will be. Lines whose variant disappeared from the catalogue are left out, as Shopify drops unavailable lines.
 */
import { parseMinor, sumMinor } from "../orders/order-money.ts";
import type { DevstoreStateView } from "../state/state-schema.ts";
import type { Cart, CartLine } from "./cart-store.ts";

type ReadonlyProduct = DevstoreStateView["products"][number];
type ReadonlyVariant = ReadonlyProduct["variants"][number];

export interface PricedCartLine {
  line: CartLine;
  product: ReadonlyProduct;
  variant: ReadonlyVariant;
  unitPrice: bigint;
  linePrice: bigint;
}

export function findVariant(state: Pick<DevstoreStateView, "products">, variantId: number): { product: ReadonlyProduct; variant: ReadonlyVariant } | null {
  for (const product of state.products) {
    const variant = product.variants.find((candidate) => candidate.id === variantId);
    if (variant) return { product, variant };
  }
  return null;
}

export function priceCartLines(state: DevstoreStateView, cart: Cart): PricedCartLine[] {
  const currency = state.shop.currencyCode;
  return cart.lines.flatMap((line) => {
    const found = findVariant(state, line.variantId);
    if (!found) return [];
    const unitPrice = parseMinor(found.variant.price, currency);
    return [{ line, ...found, unitPrice, linePrice: unitPrice * BigInt(line.quantity) }];
  });
}

export function presentCart(state: DevstoreStateView, cart: Cart) {
  const lines = priceCartLines(state, cart);
  const total = sumMinor(lines.map((line) => line.linePrice));
  return {
    token: cart.token,
    note: cart.note,
    attributes: cart.attributes,
    original_total_price: cents(total),
    total_price: cents(total),
    total_discount: 0,
    total_weight: 0,
    item_count: lines.reduce((count, line) => count + line.line.quantity, 0),
    items: lines.map(presentCartLine),
    requires_shipping: lines.length > 0,
    currency: state.shop.currencyCode,
    items_subtotal_price: cents(total),
    cart_level_discount_applications: [],
  };
}

export function presentCartLine(priced: PricedCartLine) {
  const { line, product, variant } = priced;
  return {
    id: variant.id,
    key: line.key,
    properties: line.properties,
    quantity: line.quantity,
    variant_id: variant.id,
    product_id: product.id,
    title: variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`,
    product_title: product.title,
    variant_title: variant.title === "Default Title" ? null : variant.title,
    sku: variant.sku,
    vendor: product.vendor,
    handle: product.handle,
    url: `/products/${product.handle}?variant=${variant.id}`,
    price: cents(priced.unitPrice),
    original_price: cents(priced.unitPrice),
    final_price: cents(priced.unitPrice),
    line_price: cents(priced.linePrice),
    final_line_price: cents(priced.linePrice),
    taxable: variant.taxable,
    requires_shipping: true,
    image: product.images[0]?.path ?? null,
  };
}

/** The Ajax API's integer amounts. Minor units of a cart stay far below 2^53, so the number is exact. */
function cents(amount: bigint): number {
  return Number(amount);
}

