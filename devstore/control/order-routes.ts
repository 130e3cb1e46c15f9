/**
 * Orders through the control API (mounted by control-routes.ts, so loopback-only like the rest of /__devstore):
 *
 *   GET  /__devstore/orders                 every order as its REST webhook payload, oldest first
 *   GET  /__devstore/orders/:id             one order
 *   POST /__devstore/orders                 a buyer checks out → orders/create + orders/paid
 *        {"lineItems": [{"variantId": 7420000000012, "quantity": 2, "price"?: "9.99"}], "discountCode"?: "MAYA15",
 *         "customerId"?: id, "email"?, "noteAttributes"?: [{"name","value"}], "landingSite"?, "referringSite"?,
 *         "test"?: false, "presentmentCurrency"?: "JPY", "shippingPrice"?: "5.00", "taxesIncluded"?: false,
 *         "processedAt"?: ISO (backdates the order),
 *         risk signals, as Shopify's checkout records them: "browserIp"?, "userAgent"?, "acceptLanguage"?, "phone"?,
 *         "shippingAddress"?: {"address1", "address2"?, "city", "province"?, "provinceCode"?, "zip"?, "country"?,
 *         "countryCode"?} (also the billing address); "landingSite" keeps its query string (gclid, fbclid…)}
 *   POST /__devstore/orders/:id/refunds     → refunds/create + orders/updated
 *        {"full"?: true} or {"lineItems": [{"lineItemId", "quantity", "restockType"?}], "shipping"?: true | "2.50", "note"?}
 *   POST /__devstore/orders/:id/cancel      → (refunds/create) + orders/cancelled + orders/updated
 *        {"reason"?: "customer"|"declined"|"fraud"|"inventory"|"other"|"staff", "refund"?: true}
 *   POST /__devstore/orders/:id/edit        → orders/edited + orders/updated
 *        {"add"?: [{"variantId", "quantity"}], "setQuantity"?: [{"lineItemId", "quantity"}]}
 *
 * Ids may be numbers or GIDs. Bad input answers 400 (the shape) or 404/409/422 (the order or the rules), each
 * with a message saying what to send instead.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import type { DevstoreContext } from "../context.ts";
import { cancelOrder } from "../orders/cancel-order.ts";
import { createOrder } from "../orders/create-order.ts";
import { editOrder } from "../orders/edit-order.ts";
import { OrderError } from "../orders/order-error.ts";
import { cancelOrderInputSchema, createOrderInputSchema, editOrderInputSchema, refundOrderInputSchema, resourceIdSchema } from "../orders/order-input.ts";
import { presentOrder, presentOrderPayload } from "../orders/present-order-payload.ts";
import { refundOrder } from "../orders/refund-order.ts";

export function orderControlRoutes(ctx: DevstoreContext): Hono {
  const route = new Hono();

  route.get("/__devstore/orders", (c) => {
    const state = ctx.state.read();
    return c.json({ orders: state.orders.map((order) => presentOrder(state, order)) });
  });

  route.get("/__devstore/orders/:id", (c) =>
    run(c, () => {
      const id = readOrderId(c);
      return { order: presentOrderPayload(ctx.state.read(), id) };
    }),
  );

  route.post("/__devstore/orders", async (c) => {
    const body = await readBody(c, createOrderInputSchema, 'Send JSON {"lineItems": [{"variantId": <id>, "quantity": <n>}], …} (see devstore/control/order-routes.ts).');
    if (body instanceof Response) return body;
    return run(c, () => ({ order: createOrder(ctx, body) }), 201);
  });

  route.post("/__devstore/orders/:id/refunds", async (c) => {
    const body = await readBody(c, refundOrderInputSchema, 'Send JSON {"full": true} or {"lineItems": [{"lineItemId": <id>, "quantity": <n>}], "shipping"?: true | "2.50"}.');
    if (body instanceof Response) return body;
    return run(c, () => refundOrder(ctx, readOrderId(c), body), 201);
  });

  route.post("/__devstore/orders/:id/cancel", async (c) => {
    const body = await readBody(c, cancelOrderInputSchema, 'Send JSON {"reason"?: "customer"|"declined"|"fraud"|"inventory"|"other"|"staff", "refund"?: true}.');
    if (body instanceof Response) return body;
    return run(c, () => cancelOrder(ctx, readOrderId(c), body));
  });

  route.post("/__devstore/orders/:id/edit", async (c) => {
    const body = await readBody(c, editOrderInputSchema, 'Send JSON {"add"?: [{"variantId": <id>, "quantity": <n>}], "setQuantity"?: [{"lineItemId": <id>, "quantity": <n>}]}.');
    if (body instanceof Response) return body;
    return run(c, () => editOrder(ctx, readOrderId(c), body));
  });

  return route;
}

function readOrderId(c: Context): number {
  const parsed = resourceIdSchema.safeParse(c.req.param("id"));
  if (!parsed.success) throw new OrderError(404, `"${c.req.param("id")}" is not an order id: use the number or gid://shopify/Order/… from GET /__devstore/orders.`);
  return parsed.data;
}

/** The body parsed by `schema`, or a 400 response saying what to send. An empty body reads as {}. */
async function readBody<Schema extends z.ZodType>(c: Context, schema: Schema, hint: string): Promise<z.input<Schema> | Response> {
  const text = await c.req.text();
  let json: unknown = {};
  if (text.trim().length > 0) {
    try {
      json = JSON.parse(text);
    } catch {
      return c.json({ error: `The body is not JSON. ${hint}` }, 400);
    }
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) return c.json({ error: `${z.prettifyError(parsed.error)}\n${hint}` }, 400);
  return json as z.input<Schema>;
}

function run(c: Context, operation: () => unknown, status: 200 | 201 = 200): Response {
  try {
    return c.json(operation() as object, status);
  } catch (error) {
    if (error instanceof OrderError) return c.json({ error: error.message }, error.status);
    throw error;
  }
}
