/**
 * The admin's Orders pages (mounted by routes.ts):
 *
 *   GET  /store/{handle}/orders                 the orders, and a form that places one (orders/create + orders/paid)
 *   POST /store/{handle}/orders                 place it
 *   GET  /store/{handle}/orders/{id}            one order: lines, refunds, and the forms below
 *   POST /store/{handle}/orders/{id}/refund     whole order (full=1) or chosen units (refund_{lineId}) and shipping
 *   POST /store/{handle}/orders/{id}/cancel     reason, refund=1 to refund it too
 *   POST /store/{handle}/orders/{id}/edit       qty_{lineId} new quantities, addVariantId + addQuantity
 *
 * Posts need the staff cookie and a same-origin request, like every admin form here; they redirect back (303) with
 * a notice, or with the reason the operation was refused.
 */
import type { Context } from "hono";
import { Hono } from "hono";
import { z } from "zod";
import { cancelOrder } from "../orders/cancel-order.ts";
import { createOrder } from "../orders/create-order.ts";
import { editOrder } from "../orders/edit-order.ts";
import { OrderError } from "../orders/order-error.ts";
import type { CancelOrderInput, CreateOrderInput, EditOrderInput, RefundOrderInput } from "../orders/order-input.ts";
import { presentOrder, presentOrderPayload } from "../orders/present-order-payload.ts";
import { refundOrder } from "../orders/refund-order.ts";
import type { AdminChrome } from "./admin-pages.ts";
import { renderOrderPage, renderOrdersPage } from "./order-pages.ts";
import type { ShellContext, StaffMember } from "./shell-context.ts";
import { crossOriginRefusal } from "./staff-session.ts";

export interface OrderPageHelpers {
  ordersPath: string;
  adminOrigin: string;
  pageHeaders: Record<string, string>;
  staffForPage(c: Context): Promise<{ staff: StaffMember } | null>;
  isLoggedIn(c: Context): Promise<boolean>;
  loginRedirect(c: Context): Response;
  notFound(c: Context, message: string): Response;
  chrome(staff: StaffMember, current: AdminChrome["current"]): AdminChrome;
}

type Form = Record<string, string | File>;

export function orderPageRoutes(ctx: ShellContext, helpers: OrderPageHelpers): Hono {
  const app = new Hono();
  const { ordersPath } = helpers;

  const variants = () =>
    ctx.state
      .read()
      .products.filter((product) => product.status === "ACTIVE")
      .flatMap((product) =>
        product.variants.map((variant) => ({ id: variant.id, label: variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title} (${variant.price})` })),
      );

  app.get(ordersPath, async (c) => {
    const login = await helpers.staffForPage(c);
    if (!login) return helpers.loginRedirect(c);
    const state = ctx.state.read();
    const html = renderOrdersPage(helpers.chrome(login.staff, "orders"), {
      orders: state.orders.map((order) => presentOrder(state, order)),
      basePath: ordersPath,
      variants: variants(),
      customers: state.customers.map((customer) => ({ id: customer.id, label: `${customer.firstName} ${customer.lastName}` })),
      currencies: [state.shop.currencyCode, ...Object.keys(state.orderSettings.presentmentRates)],
      notice: c.req.query("notice") ?? null,
      error: c.req.query("error") ?? null,
    });
    return c.html(html, 200, helpers.pageHeaders);
  });

  app.get(`${ordersPath}/:id`, async (c) => {
    const login = await helpers.staffForPage(c);
    if (!login) return helpers.loginRedirect(c);
    const id = Number(c.req.param("id"));
    const order = ctx.state.read().orders.find((candidate) => candidate.id === id);
    if (!order) return helpers.notFound(c, `No order ${c.req.param("id")} in this store.`);
    const html = renderOrderPage(helpers.chrome(login.staff, "orders"), {
      order: presentOrderPayload(ctx.state.read(), id),
      actionBase: `${ordersPath}/${id}`,
      ordersPath,
      variants: variants(),
      notice: c.req.query("notice") ?? null,
      error: c.req.query("error") ?? null,
    });
    return c.html(html, 200, helpers.pageHeaders);
  });

  /** Guards a form post, runs the operation and redirects back with its notice or its refusal. */
  const formAction = (back: (c: Context) => string, run: (form: Form, c: Context) => { notice: string; redirect?: string }) => async (c: Context) => {
    const refusal = crossOriginRefusal(c, helpers.adminOrigin);
    if (refusal) return c.text(`Refused: ${refusal}. Use the forms on ${helpers.adminOrigin}${ordersPath}.`, 403);
    if (!(await helpers.isLoggedIn(c))) return helpers.loginRedirect(c);
    const form = await c.req.parseBody();
    try {
      const outcome = run(form, c);
      return c.redirect(`${outcome.redirect ?? back(c)}?notice=${encodeURIComponent(outcome.notice)}`, 303);
    } catch (error) {
      const message = error instanceof OrderError ? error.message : error instanceof z.ZodError ? z.prettifyError(error) : null;
      if (message === null) throw error;
      return c.redirect(`${back(c)}?error=${encodeURIComponent(message)}`, 303);
    }
  };
  const orderPath = (c: Context) => `${ordersPath}/${Number(c.req.param("id"))}`;

  app.post(
    ordersPath,
    formAction(
      () => ordersPath,
      (form) => {
        const order = createOrder(ctx, readCreateForm(form));
        return { notice: `Order ${order.name} placed: orders/create and orders/paid sent.`, redirect: `${ordersPath}/${order.id}` };
      },
    ),
  );

  app.post(
    `${ordersPath}/:id/refund`,
    formAction(orderPath, (form, c) => {
      const { refund } = refundOrder(ctx, Number(c.req.param("id")), readRefundForm(form));
      return { notice: `Refunded ${refund.transactions[0]?.amount ?? "0"} ${refund.transactions[0]?.currency ?? ""}: refunds/create and orders/updated sent.` };
    }),
  );

  app.post(
    `${ordersPath}/:id/cancel`,
    formAction(orderPath, (form, c) => {
      const input: CancelOrderInput = { reason: text(form, "reason") as CancelOrderInput["reason"], refund: text(form, "refund") === "1" };
      const { refund } = cancelOrder(ctx, Number(c.req.param("id")), input);
      return { notice: `Order cancelled${refund ? " and refunded" : ""}: orders/cancelled and orders/updated sent.` };
    }),
  );

  app.post(
    `${ordersPath}/:id/edit`,
    formAction(orderPath, (form, c) => {
      const id = Number(c.req.param("id"));
      editOrder(ctx, id, readEditForm(form, presentOrderPayload(ctx.state.read(), id)));
      return { notice: "Order edited: orders/edited and orders/updated sent." };
    }),
  );

  return app;
}

function text(form: Form, name: string): string | undefined {
  const value = form[name];
  return typeof value === "string" && value.trim().length > 0 ? value.trim() : undefined;
}

function whole(form: Form, name: string): number | undefined {
  const value = text(form, name);
  return value === undefined ? undefined : Number(value);
}

function readCreateForm(form: Form): CreateOrderInput {
  const ref = text(form, "ref");
  return {
    lineItems: [{ variantId: text(form, "variantId") ?? "", quantity: whole(form, "quantity") ?? 1 }],
    discountCode: text(form, "discountCode"),
    customerId: text(form, "customerId"),
    noteAttributes: ref ? [{ name: "_affable_ref", value: ref }] : [],
    landingSite: ref ? `/?ref=${encodeURIComponent(ref)}` : null,
    presentmentCurrency: text(form, "presentmentCurrency"),
    shippingPrice: text(form, "shippingPrice"),
    test: text(form, "test") === "1",
  };
}

function readRefundForm(form: Form): RefundOrderInput {
  if (text(form, "full") === "1") return { full: true, note: text(form, "note") ?? null };
  const lineItems = Object.keys(form)
    .filter((name) => name.startsWith("refund_"))
    .map((name) => ({ lineItemId: name.slice("refund_".length), quantity: whole(form, name) ?? 0 }))
    .filter((line) => line.quantity !== 0);
  const shipping = text(form, "shipping");
  return { lineItems, shipping: shipping === undefined || /^0*(\.0*)?$/.test(shipping) ? false : shipping, note: text(form, "note") ?? null };
}

function readEditForm(form: Form, order: { line_items: readonly { id: number; current_quantity: number }[] }): EditOrderInput {
  const setQuantity = order.line_items
    .map((line) => ({ lineItemId: line.id, quantity: whole(form, `qty_${line.id}`) ?? line.current_quantity, current: line.current_quantity }))
    .filter((line) => line.quantity !== line.current)
    .map(({ lineItemId, quantity }) => ({ lineItemId, quantity }));
  const addVariantId = text(form, "addVariantId");
  return { setQuantity, add: addVariantId ? [{ variantId: addVariantId, quantity: whole(form, "addQuantity") ?? 1 }] : [] };
}
