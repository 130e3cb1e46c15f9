/**
 * Carts, as Shopify's storefront keeps them: server-side, found by the token in the shopper's `cart` cookie. Held in
 * memory (a devstore restart empties carts, as an expired cart would) and bounded, so a crawler cannot grow it.
 */
import { randomUUID } from "node:crypto";

export interface CartLine {
  /** `{variantId}:{hash of properties}`: the Ajax API's line `key`; the same variant with other properties is another line. */
  key: string;
  variantId: number;
  quantity: number;
  properties: Record<string, string>;
}

export interface Cart {
  token: string;
  note: string | null;
  /** Cart attributes: the order's note_attributes. */
  attributes: Record<string, string>;
  lines: CartLine[];
  /** The code from /discount/{CODE} or the checkout's field, applied (and checked) at checkout. */
  discountCode: string | null;
}

export interface CartStore {
  find(token: string | undefined): Cart | null;
  create(): Cart;
  /** Keeps the cart (most recently used carts are kept when the store is full). */
  save(cart: Cart): void;
  remove(token: string): void;
}

export function createCartStore(options: { maxCarts?: number } = {}): CartStore {
  const maxCarts = options.maxCarts ?? 1000;
  const carts = new Map<string, Cart>();
  return {
    find: (token) => (token === undefined ? null : (carts.get(token) ?? null)),
    create: () => ({ token: randomUUID().replace(/-/g, ""), note: null, attributes: {}, lines: [], discountCode: null }),
    save(cart) {
      // Re-inserting moves the cart to the end: the Map's order is least recently used first.
      carts.delete(cart.token);
      carts.set(cart.token, cart);
      for (const token of carts.keys()) {
        if (carts.size <= maxCarts) break;
        carts.delete(token);
      }
    },
    remove: (token) => void carts.delete(token),
  };
}

/** The line key Shopify's Ajax API uses: variant id, then a digest of the line's properties. */
export function lineKey(variantId: number, properties: Record<string, string>): string {
  const entries = Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  let hash = 0;
  for (const character of JSON.stringify(entries)) hash = (hash * 31 + character.charCodeAt(0)) >>> 0;
  return `${variantId}:${hash.toString(16).padStart(8, "0")}`;
}
