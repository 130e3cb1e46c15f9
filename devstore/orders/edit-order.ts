/**
 * The merchant edits an order (Shopify's order editing): add variants, or change how many units of a line remain.
 * Lowering a quantity removes units (`current_quantity` drops, `quantity` stays, as Shopify reports it); raising it
 * adds a new line for the extra units. Added units are charged at today's price, without the order's code discount
 * (Shopify does not apply an order's code to lines added later), taxed at the state's rate; the devstore treats the
 * difference as collected. Webhooks: orders/edited (the order edit, not the order) and orders/updated.
 */
import { allocateId } from "../state/allocate-id.ts";
import type { DevstoreState, OrderEditRecord, OrderLineItemRecord, OrderRecord } from "../state/state-schema.ts";
import { findVariantForSale, presentmentRate } from "./create-order.ts";
import { OrderError } from "./order-error.ts";
import { editOrderInputSchema, type EditOrderInput, type OrderContext } from "./order-input.ts";
import { convertMinor, formatMinor, parseMinor, parseRatio } from "./order-money.ts";
import { presentOrderPayload, type OrderPayload } from "./present-order-payload.ts";
import { priceOrderLines } from "./price-order-lines.ts";
import { findDraftOrder } from "./refund-order.ts";
import { currentQuantity } from "./summarize-order.ts";

export interface OrderEditPayload {
  order_edit: {
    id: number;
    app_id: null;
    created_at: string;
    notify_customer: boolean;
    order_id: number;
    staff_note: string;
    user_id: null;
    line_items: { additions: { id: number; delta: number }[]; removals: { id: number; delta: number }[] };
    discounts: { additions: never[]; removals: never[] };
    shipping_lines: { additions: never[]; removals: never[] };
  };
}

export interface EditResult {
  orderEdit: OrderEditPayload;
  order: OrderPayload;
}

export function editOrder(ctx: OrderContext, orderId: number, rawInput: EditOrderInput): EditResult {
  const input = editOrderInputSchema.parse(rawInput);
  const now = ctx.now();
  const edit = ctx.state.update((draft) => {
    const order = findDraftOrder(draft, orderId);
    if (order.cancelledAt !== null) throw new OrderError(409, `Order #${order.number} is cancelled: cancelled orders cannot be edited.`);
    const record: OrderEditRecord = { id: allocateId(draft), createdAt: now.toISOString(), additions: [], removals: [] };
    const added: { unitShop: bigint; unitPresentment: bigint; quantity: number; template: Omit<OrderLineItemRecord, "id" | "quantity" | "price" | "taxLines" | "discountAllocations" | "removedQuantity" | "addedByEditId"> }[] = [];

    for (const change of input.setQuantity) {
      const line = order.lineItems.find((candidate) => candidate.id === change.lineItemId);
      if (!line) throw new OrderError(404, `Order #${order.number} has no line item ${change.lineItemId}.`);
      const current = currentQuantity(order, line);
      if (change.quantity < current) {
        line.removedQuantity += current - change.quantity;
        record.removals.push({ lineItemId: line.id, delta: current - change.quantity });
      } else if (change.quantity > current) {
        added.push({
          unitShop: parseMinor(line.price.shop, order.currency),
          unitPresentment: parseMinor(line.price.presentment, order.presentmentCurrency),
          quantity: change.quantity - current,
          template: lineTemplate(line),
        });
      }
    }
    const rate = presentmentRate(draft, order.currency, order.presentmentCurrency);
    for (const addition of input.add) {
      const { product, variant } = findVariantForSale(draft, addition.variantId);
      const unitShop = parseMinor(variant.price, order.currency);
      added.push({
        unitShop,
        unitPresentment: convertMinor(unitShop, order.currency, order.presentmentCurrency, rate),
        quantity: addition.quantity,
        template: {
          productId: product.id,
          variantId: variant.id,
          title: product.title,
          variantTitle: variant.title === "Default Title" ? null : variant.title,
          sku: variant.sku,
          vendor: product.vendor,
          giftCard: false,
          taxable: variant.taxable,
          requiresShipping: true,
        },
      });
    }
    appendLines(draft, order, record, added);
    if (record.additions.length === 0 && record.removals.length === 0) {
      throw new OrderError(422, `The edit changes nothing on order #${order.number}: the quantities asked for are the current ones.`);
    }
    order.edits.push(record);
    order.updatedAt = now.toISOString();
    return record;
  });
  const orderEdit: OrderEditPayload = {
    order_edit: {
      id: edit.id,
      app_id: null,
      created_at: edit.createdAt,
      notify_customer: false,
      order_id: orderId,
      staff_note: "",
      user_id: null,
      line_items: {
        additions: edit.additions.map((change) => ({ id: change.lineItemId, delta: change.delta })),
        removals: edit.removals.map((change) => ({ id: change.lineItemId, delta: change.delta })),
      },
      discounts: { additions: [], removals: [] },
      shipping_lines: { additions: [], removals: [] },
    },
  };
  const order = presentOrderPayload(ctx.state.read(), orderId);
  ctx.webhooks?.deliver({ topic: "orders/edited", payload: orderEdit });
  ctx.webhooks?.deliver({ topic: "orders/updated", payload: order });
  return { orderEdit, order };
}

function lineTemplate(line: OrderLineItemRecord) {
  const { productId, variantId, title, variantTitle, sku, vendor, giftCard, taxable, requiresShipping } = line;
  return { productId, variantId, title, variantTitle, sku, vendor, giftCard, taxable, requiresShipping };
}

function appendLines(
  draft: DevstoreState,
  order: OrderRecord,
  record: OrderEditRecord,
  added: { unitShop: bigint; unitPresentment: bigint; quantity: number; template: ReturnType<typeof lineTemplate> }[],
): void {
  const taxRate = parseRatio(draft.orderSettings.taxRate);
  const price = (side: "shop" | "presentment") =>
    priceOrderLines(
      added.map((line) => ({ unitPrice: side === "shop" ? line.unitShop : line.unitPresentment, quantity: line.quantity, taxable: line.template.taxable })),
      null,
      taxRate,
      order.taxesIncluded,
    );
  const shopTaxes = price("shop");
  const presentmentTaxes = price("presentment");
  added.forEach((line, index) => {
    const pair = (shop: bigint, presentment: bigint) => ({ shop: formatMinor(shop, order.currency), presentment: formatMinor(presentment, order.presentmentCurrency) });
    const id = allocateId(draft);
    order.lineItems.push({
      ...line.template,
      id,
      quantity: line.quantity,
      removedQuantity: 0,
      price: pair(line.unitShop, line.unitPresentment),
      discountAllocations: [],
      taxLines: line.template.taxable
        ? [{ title: draft.orderSettings.taxTitle, rate: draft.orderSettings.taxRate, price: pair(shopTaxes[index]?.tax ?? 0n, presentmentTaxes[index]?.tax ?? 0n) }]
        : [],
      addedByEditId: record.id,
    });
    record.additions.push({ lineItemId: id, delta: line.quantity });
  });
}
