/**
 * Shopify's Ajax Cart API, on the storefront (each also under a locale root such as /fr/, see storefront-routes.ts):
 *
 *   GET  /cart.js          the cart (present-cart.ts)
 *   POST /cart/add.js      {items: [{id, quantity?, properties?}]} or {id, quantity?, properties?} → the added line(s)
 *   POST /cart/update.js   {updates?: {variantId|key: qty} | [qty…], attributes?: {…}, note?} → the cart;
 *                          attributes MERGE into the cart's (a blank value removes one), as Shopify does
 *   POST /cart/change.js   {id: key|variantId, quantity} or {line: n (1-based), quantity} → the cart
 *   POST /cart/clear.js    removes every line, keeps attributes and note → the cart
 *
 * Bodies are JSON or form-encoded (`attributes[_ref]=x`, `updates[123]=2`). Errors answer as Shopify does:
 * `{status, message, description}` with 400/404/422. The HTML forms (POST /cart/add, POST /cart) are here too.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { DevstoreContext } from "../context.ts";
import type { Cart, CartStore } from "./cart-store.ts";
import { lineKey } from "./cart-store.ts";
import { findVariant, presentCart, presentCartLine, priceCartLines } from "./present-cart.ts";
import type { StorefrontEnv } from "./storefront-env.ts";
import { readCartToken, writeCartToken } from "./storefront-session.ts";

const MAX_LINE_QUANTITY = 1000;
const MAX_LINES = 250;
const MAX_ATTRIBUTES = 50;

const quantitySchema = z.coerce.number().int().min(0).max(MAX_LINE_QUANTITY);
const propertiesSchema = z.record(z.string().max(255), z.coerce.string().max(1000)).default({});
const addItemSchema = z.object({ id: z.coerce.number().int().positive(), quantity: quantitySchema.default(1), properties: propertiesSchema });
const addBodySchema = z.union([z.object({ items: z.array(addItemSchema).min(1).max(MAX_LINES) }), addItemSchema]);
const attributeValueSchema = z.union([z.string().max(5000), z.number(), z.boolean(), z.null()]).transform((value) => (value === null ? "" : String(value)));
const updateBodySchema = z.object({
  updates: z.union([z.record(z.string(), quantitySchema), z.array(quantitySchema)]).optional(),
  attributes: z.record(z.string().min(1).max(255), attributeValueSchema).optional(),
  note: z.string().max(5000).nullable().optional(),
});
const changeBodySchema = z
  .object({ id: z.union([z.string(), z.number()]).optional(), line: z.coerce.number().int().positive().optional(), quantity: quantitySchema, properties: propertiesSchema.optional() })
  .refine((body) => body.id !== undefined || body.line !== undefined, "send `id` (a line key or variant id) or `line` (1-based)");

export class CartError extends Error {
  readonly status: 400 | 404 | 422;
  constructor(status: 400 | 404 | 422, description: string) {
    super(description);
    this.status = status;
  }
}

export interface CartDependencies {
  carts: CartStore;
}

/** The shopper's cart, or a fresh one (saved, with its cookie set, once something is written to it). */
export function loadCart(c: Context, carts: CartStore): Cart {
  return carts.find(readCartToken(c)) ?? carts.create();
}

export function saveCart(c: Context, carts: CartStore, cart: Cart): void {
  carts.save(cart);
  if (readCartToken(c) !== cart.token) writeCartToken(c, cart.token);
}

export function cartApiRoutes(ctx: Pick<DevstoreContext, "state">, { carts }: CartDependencies): Hono<StorefrontEnv> {
  const route = new Hono<StorefrontEnv>();

  route.get("/cart.js", (c) => c.json(presentCart(ctx.state.read(), loadCart(c, carts))));
  // Themes also read the cart as /cart.json.
  route.get("/cart.json", (c) => c.json(presentCart(ctx.state.read(), loadCart(c, carts))));

  route.post("/cart/add.js", (c) =>
    withCart(c, carts, async (cart) => {
      const body = parseOrThrow(addBodySchema, await readBody(c));
      const items = "items" in body ? body.items : [body];
      const added = items.map((item) => addToCart(ctx, cart, item));
      const priced = priceCartLines(ctx.state.read(), cart);
      const present = (key: string) => {
        const line = priced.find((candidate) => candidate.line.key === key);
        return line ? presentCartLine(line) : null;
      };
      // {id} answers the line; {items} answers {items: [...]}.
      return "items" in body ? { items: added.map(present) } : present(added[0] ?? "");
    }),
  );

  route.post("/cart/update.js", (c) =>
    withCart(c, carts, async (cart) => {
      updateCart(ctx, cart, parseOrThrow(updateBodySchema, await readBody(c)));
      return presentCart(ctx.state.read(), cart);
    }),
  );

  route.post("/cart/change.js", (c) =>
    withCart(c, carts, async (cart) => {
      const body = parseOrThrow(changeBodySchema, await readBody(c));
      const index = body.line !== undefined ? body.line - 1 : cart.lines.findIndex((line) => line.key === String(body.id) || String(line.variantId) === String(body.id));
      const line = cart.lines[index];
      if (!line) throw new CartError(400, `No line ${body.line ?? body.id} in the cart: GET /cart.js lists its lines and keys.`);
      if (body.quantity === 0) cart.lines.splice(index, 1);
      else line.quantity = body.quantity;
      return presentCart(ctx.state.read(), cart);
    }),
  );

  route.post("/cart/clear.js", (c) =>
    withCart(c, carts, (cart) => {
      cart.lines = [];
      return Promise.resolve(presentCart(ctx.state.read(), cart));
    }),
  );

  /** The product page's "Add to cart" form. */
  route.post("/cart/add", async (c) => {
    const cart = loadCart(c, carts);
    try {
      addToCart(ctx, cart, parseOrThrow(addItemSchema, await readBody(c)));
    } catch (error) {
      if (error instanceof CartError) return c.text(`${error.message} Go back and choose another product.`, error.status);
      throw error;
    }
    saveCart(c, carts, cart);
    return c.redirect(`${c.get("routesRoot")}cart`, 303);
  });

  /** The cart page's form: new quantities, a note, then back to the cart or on to checkout. */
  route.post("/cart", async (c) => {
    const cart = loadCart(c, carts);
    const body = await readBody(c);
    try {
      updateCart(ctx, cart, parseOrThrow(updateBodySchema, body));
    } catch (error) {
      if (error instanceof CartError) return c.text(`${error.message} Go back to the cart and correct it.`, error.status);
      throw error;
    }
    saveCart(c, carts, cart);
    const checkout = typeof body === "object" && body !== null && "checkout" in body;
    return c.redirect(`${c.get("routesRoot")}${checkout ? "checkout" : "cart"}`, 303);
  });

  return route;
}

async function withCart(c: Context, carts: CartStore, change: (cart: Cart) => Promise<unknown>): Promise<Response> {
  // Work on a copy: a request that fails half-way leaves the cart as it was.
  const cart = structuredClone(loadCart(c, carts));
  try {
    const answer = await change(cart);
    saveCart(c, carts, cart);
    return c.json(answer);
  } catch (error) {
    if (!(error instanceof CartError)) throw error;
    const message = error.status === 422 ? "Cart Error" : error.status === 404 ? "Not Found" : "Bad Request";
    return c.json({ status: error.status, message, description: error.message }, error.status);
  }
}

function addToCart(ctx: Pick<DevstoreContext, "state">, cart: Cart, item: z.infer<typeof addItemSchema>): string {
  const found = findVariant(ctx.state.read(), item.id);
  if (!found) throw new CartError(422, `Cannot find variant ${item.id}: GET /products/{handle}.js lists a product's variants.`);
  if (found.product.status !== "ACTIVE") throw new CartError(422, `"${found.product.title}" is not available.`);
  const key = lineKey(item.id, item.properties);
  const existing = cart.lines.find((line) => line.key === key);
  const quantity = Math.max(item.quantity, 1);
  if (existing) {
    existing.quantity = Math.min(existing.quantity + quantity, MAX_LINE_QUANTITY);
  } else {
    if (cart.lines.length >= MAX_LINES) throw new CartError(422, `A cart holds at most ${MAX_LINES} lines.`);
    cart.lines.push({ key, variantId: item.id, quantity, properties: item.properties });
  }
  return key;
}

function updateCart(ctx: Pick<DevstoreContext, "state">, cart: Cart, body: z.infer<typeof updateBodySchema>): void {
  if (body.attributes) {
    for (const [name, value] of Object.entries(body.attributes)) {
      // Shopify: a blank value removes the attribute; anything else is merged over what is there.
      if (value === "") delete cart.attributes[name];
      else cart.attributes[name] = value;
    }
    if (Object.keys(cart.attributes).length > MAX_ATTRIBUTES) throw new CartError(422, `A cart holds at most ${MAX_ATTRIBUTES} attributes.`);
  }
  if (body.note !== undefined) cart.note = body.note;
  if (Array.isArray(body.updates)) {
    body.updates.forEach((quantity, index) => {
      const line = cart.lines[index];
      if (line) line.quantity = quantity;
    });
  } else if (body.updates) {
    for (const [id, quantity] of Object.entries(body.updates)) {
      const line = cart.lines.find((candidate) => candidate.key === id || String(candidate.variantId) === id);
      if (line) line.quantity = quantity;
      else if (quantity > 0) addToCart(ctx, cart, { id: Number(id), quantity, properties: {} });
    }
  }
  cart.lines = cart.lines.filter((line) => line.quantity > 0);
}

function parseOrThrow<Schema extends z.ZodType>(schema: Schema, body: unknown): z.infer<Schema> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new CartError(400, `Bad cart request: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * JSON, or a form (`attributes[name]=value`, `updates[123]=2`, `properties[Size]=M`) turned into the same shape.
 * sendBeacon-style text bodies are tried as JSON.
 */
export async function readBody(c: Context): Promise<unknown> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data")) {
    const form = await c.req.parseBody({ all: false });
    const body: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(form)) {
      if (typeof value !== "string") continue;
      const nested = /^([a-z_]+)\[([^\]]*)\]$/i.exec(name);
      if (nested?.[1] && nested[2] !== undefined) {
        const group = (body[nested[1]] ??= {}) as Record<string, string>;
        group[nested[2]] = value;
      } else {
        body[name] = value;
      }
    }
    return body;
  }
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CartError(400, "The body is neither JSON nor a form: send Content-Type: application/json with a JSON object.");
  }
}
