/**
 * Shopify's `Order`, `LineItem` and `Refund` for Admin GraphQL, from the same order record (and the same derived
 * totals) as the REST webhooks, so the app reads identical amounts either way. Money is a `MoneyBag` of `MoneyV2`s,
 * whose `Decimal` amounts Shopify spells "24.0" (see decimal-strings.ts).
 */
import { paymentGatewayNames } from "../../orders/present-order-payload.ts";
import { z } from "zod";
import { formatMinor } from "../../orders/order-money.ts";
import { currentQuantity, lineAmounts, readPair, summarizeOrder, type LineView, type OrderAmounts, type OrderView } from "../../orders/summarize-order.ts";
import type { MoneyPairRecord, ReadonlyDeep, RefundRecord } from "../../state/state-schema.ts";
import { toGid } from "../../state/shopify-gid.ts";
import type { AdminApiContext, FieldArgs } from "../admin-api-context.ts";
import { toShopifyDecimal } from "../decimal-strings.ts";
import { connectionArgsSchema, paginateConnection } from "../paginate-connection.ts";
import { presentCustomer } from "./present-customer.ts";
import { presentProduct, presentVariant } from "./present-product.ts";

const firstArgsSchema = z.object({ first: z.number().int().nonnegative().nullish() });

function moneyBag(order: OrderView, shop: bigint, presentment: bigint) {
  return {
    shopMoney: { amount: toShopifyDecimal(formatMinor(shop, order.currency)), currencyCode: order.currency },
    presentmentMoney: { amount: toShopifyDecimal(formatMinor(presentment, order.presentmentCurrency)), currencyCode: order.presentmentCurrency },
  };
}

function pairBag(order: OrderView, pair: ReadonlyDeep<MoneyPairRecord>) {
  return moneyBag(order, readPair(pair, order, "shop"), readPair(pair, order, "presentment"));
}

export function presentOrder(order: OrderView, context: AdminApiContext) {
  const shop = summarizeOrder(order, "shop");
  const presentment = summarizeOrder(order, "presentment");
  const bag = (key: keyof OrderAmounts) => moneyBag(order, shop[key], presentment[key]);
  const customer = order.customerId === null ? undefined : context.state.customers.find((candidate) => candidate.id === order.customerId);
  return {
    __typename: "Order" as const,
    id: toGid("Order", order.id),
    legacyResourceId: order.id,
    name: `#${order.number}`,
    createdAt: order.createdAt,
    updatedAt: order.updatedAt,
    processedAt: order.processedAt,
    test: order.test,
    closed: false,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason?.toUpperCase() ?? null,
    confirmationNumber: null,
    currencyCode: order.currency,
    presentmentCurrencyCode: order.presentmentCurrency,
    taxesIncluded: order.taxesIncluded,
    email: order.email,
    note: null,
    sourceName: order.sourceName,
    customer: customer ? () => presentCustomer(customer, context) : null,
    displayFinancialStatus: order.financialStatus.toUpperCase(),
    paymentGatewayNames: paymentGatewayNames(order, shop.total),
    discountCode: order.discount?.code ?? null,
    discountCodes: order.discount ? [order.discount.code] : [],
    customAttributes: order.noteAttributes.map((attribute) => ({ key: attribute.name, value: attribute.value })),
    subtotalPriceSet: bag("subtotal"),
    totalPriceSet: bag("total"),
    totalDiscountsSet: bag("discounts"),
    totalTaxSet: bag("tax"),
    totalShippingPriceSet: bag("shipping"),
    totalRefundedSet: bag("refunded"),
    currentSubtotalPriceSet: bag("currentSubtotal"),
    currentTotalPriceSet: bag("currentTotal"),
    currentTotalDiscountsSet: bag("currentDiscounts"),
    currentTotalTaxSet: bag("currentTax"),
    currentShippingPriceSet: bag("currentShipping"),
    currentSubtotalLineItemsQuantity: order.lineItems.reduce((sum, line) => sum + currentQuantity(order, line), 0),
    edited: order.edits.length > 0,
    lineItems: (args: FieldArgs) =>
      paginateConnection(
        order.lineItems.map((line) => ({ id: line.id, sortValue: line.id, line })),
        connectionArgsSchema.parse(args),
        (item) => presentLineItem(order, item.line, context),
      ),
    shippingLines: (args: FieldArgs) =>
      paginateConnection(
        order.shippingLines.map((shipping) => ({ id: shipping.id, sortValue: shipping.id, shipping })),
        connectionArgsSchema.parse(args),
        ({ shipping }) => ({
          id: toGid("ShippingLine", shipping.id),
          title: shipping.title,
          code: shipping.code,
          originalPriceSet: pairBag(order, shipping.price),
          discountedPriceSet: pairBag(order, shipping.price),
          discountAllocations: [],
        }),
      ),
    refunds: (args: FieldArgs) => order.refunds.slice(0, firstArgsSchema.parse(args).first ?? undefined).map((refund) => presentRefund(order, refund, context)),
  };
}

export function presentLineItem(order: OrderView, line: LineView, context: AdminApiContext) {
  const shop = lineAmounts(order, line, "shop");
  const presentment = lineAmounts(order, line, "presentment");
  const product = line.productId === null ? undefined : context.state.products.find((candidate) => candidate.id === line.productId);
  const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
  const current = currentQuantity(order, line);
  return {
    __typename: "LineItem" as const,
    id: toGid("LineItem", line.id),
    name: line.variantTitle ? `${line.title} - ${line.variantTitle}` : line.title,
    title: line.title,
    variantTitle: line.variantTitle,
    sku: line.sku,
    vendor: line.vendor,
    quantity: line.quantity,
    currentQuantity: current,
    refundableQuantity: current,
    isGiftCard: line.giftCard,
    taxable: line.taxable,
    requiresShipping: line.requiresShipping,
    product: product ? () => presentProduct(product, context) : null,
    variant: product && variant ? () => presentVariant(variant, product, context) : null,
    originalUnitPriceSet: pairBag(order, line.price),
    originalTotalSet: moneyBag(order, shop.gross, presentment.gross),
    discountedTotalSet: moneyBag(order, shop.gross - shop.discount, presentment.gross - presentment.discount),
    totalDiscountSet: moneyBag(order, shop.discount, presentment.discount),
    discountAllocations: line.discountAllocations.map((allocation) => ({ allocatedAmountSet: pairBag(order, allocation.amount) })),
    taxLines: (args: FieldArgs) =>
      line.taxLines.slice(0, firstArgsSchema.parse(args).first ?? undefined).map((taxLine) => ({
        title: taxLine.title,
        rate: Number(taxLine.rate),
        ratePercentage: Number(taxLine.rate) * 100,
        priceSet: pairBag(order, taxLine.price),
        channelLiable: false,
      })),
  };
}

function presentRefund(order: OrderView, refund: ReadonlyDeep<RefundRecord>, context: AdminApiContext) {
  return {
    __typename: "Refund" as const,
    id: toGid("Refund", refund.id),
    legacyResourceId: refund.id,
    createdAt: refund.createdAt,
    note: refund.note,
    totalRefundedSet: pairBag(order, refund.transaction.amount),
    refundLineItems: (args: FieldArgs) =>
      paginateConnection(
        refund.lines.map((refundLine) => ({ id: refundLine.id, sortValue: refundLine.id, refundLine })),
        connectionArgsSchema.parse(args),
        ({ refundLine }) => {
          const line = order.lineItems.find((candidate) => candidate.id === refundLine.lineItemId);
          if (!line) throw new Error(`Refund ${refund.id} names line ${refundLine.lineItemId}, which order ${order.id} does not have.`);
          return {
            id: toGid("RefundLineItem", refundLine.id),
            lineItem: presentLineItem(order, line, context),
            quantity: refundLine.quantity,
            restockType: refundLine.restockType.toUpperCase(),
            subtotalSet: pairBag(order, refundLine.subtotal),
            totalTaxSet: pairBag(order, refundLine.totalTax),
          };
        },
      ),
  };
}
