/**
 * What an order webhook does not say, read from Admin GraphQL before the money is recorded:
 * - the customer's earlier orders (the new-customers-only rule),
 * - which collections each ordered product belongs to (per-collection commission rates),
 * - the order as it stands after an edit (orders/edited carries only the edit, not the order).
 */
import type { CommissionOrder, MoneyPair, OrderedLine } from "../domain/commission";
import { countRefundedUnits, keepEditedOrder } from "../domain/commission";
import { parseDecimalAmount } from "../domain/money";
import type { OrderContext } from "../domain/commission";
import { runAdminQuery, ShopifyAdminError, type AdminGraphqlClient } from "./admin-client.server";

/** Enough to tell "none" from "some"; the derivation says "at least" when the page was full. */
const ORDER_HISTORY_PAGE = 25;
const COLLECTIONS_PER_PRODUCT = 50;
const LINE_ITEMS_PAGE = 50;

const CUSTOMER_ORDER_HISTORY_QUERY = `#graphql
  query AffableCustomerOrderHistory($id: ID!, $first: Int!) {
    customer(id: $id) {
      id
      orders(first: $first, sortKey: CREATED_AT) {
        nodes { id createdAt }
        pageInfo { hasNextPage }
      }
    }
  }
`;

const PRODUCT_COLLECTIONS_QUERY = `#graphql
  query AffableProductCollections($ids: [ID!]!, $first: Int!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        collections(first: $first) { nodes { id } }
      }
    }
  }
`;

const MONEY_BAG = "shopMoney { amount currencyCode } presentmentMoney { amount currencyCode }";

// Two documents, each well under Shopify's 1,000-point single-query limit: the order with its refunds and
// shipping discounts once, then its line items page by page.
const EDITED_ORDER_QUERY = `#graphql
  query AffableEditedOrder($id: ID!) {
    order(id: $id) {
      id
      createdAt
      customer { id }
      currencyCode
      presentmentCurrencyCode
      taxesIncluded
      totalDiscountsSet { ${MONEY_BAG} }
      shippingLines(first: 20) { nodes { discountAllocations { allocatedAmountSet { ${MONEY_BAG} } } } }
      refunds { refundLineItems(first: 100) { nodes { quantity lineItem { id } } } }
    }
  }
`;

const EDITED_ORDER_LINES_QUERY = `#graphql
  query AffableEditedOrderLines($id: ID!, $first: Int!, $after: String) {
    order(id: $id) {
      lineItems(first: $first, after: $after) {
        nodes {
          id
          quantity
          currentQuantity
          isGiftCard
          product { id }
          originalUnitPriceSet { ${MONEY_BAG} }
          discountAllocations { allocatedAmountSet { ${MONEY_BAG} } }
          taxLines { priceSet { ${MONEY_BAG} } }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

type GraphqlMoney = { amount: string; currencyCode: string };
type GraphqlMoneyBag = { shopMoney: GraphqlMoney; presentmentMoney: GraphqlMoney };

type EditedOrderHeader = {
  id: string;
  createdAt: string;
  customer: { id: string } | null;
  currencyCode: string;
  presentmentCurrencyCode: string;
  taxesIncluded: boolean;
  totalDiscountsSet: GraphqlMoneyBag | null;
  shippingLines: { nodes: { discountAllocations: { allocatedAmountSet: GraphqlMoneyBag }[] }[] };
  refunds: { refundLineItems: { nodes: { quantity: number; lineItem: { id: string } | null }[] } }[];
};

type EditedOrderLines = {
  order: {
    lineItems: {
      nodes: {
        id: string;
        quantity: number;
        currentQuantity: number;
        isGiftCard: boolean;
        product: { id: string } | null;
        originalUnitPriceSet: GraphqlMoneyBag;
        discountAllocations: { allocatedAmountSet: GraphqlMoneyBag }[];
        taxLines: { priceSet: GraphqlMoneyBag }[];
      }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  } | null;
};

/**
 * How many orders the customer placed before `orderCreatedAt` (at most ORDER_HISTORY_PAGE), or null when Shopify
 * no longer knows the customer (deleted or redacted): the commission rule then treats them as new and says so.
 */
export async function readCustomerPreviousOrderCount(admin: AdminGraphqlClient, customerId: string, orderId: string, orderCreatedAt: Date): Promise<number | null> {
  const data = await runAdminQuery<{ customer: { orders: { nodes: { id: string; createdAt: string }[] } } | null }>(
    admin, "the customer's order history query", CUSTOMER_ORDER_HISTORY_QUERY, { id: customerId, first: ORDER_HISTORY_PAGE },
  );
  if (data.customer === null) return null;
  return data.customer.orders.nodes.filter((order) => order.id !== orderId && new Date(order.createdAt).getTime() < orderCreatedAt.getTime()).length;
}

/** Collection ids per product id; a product Shopify no longer has maps to no collections. */
export async function readProductCollections(admin: AdminGraphqlClient, productIds: readonly string[]): Promise<Record<string, string[]>> {
  const unique = [...new Set(productIds)];
  if (unique.length === 0) return {};
  const data = await runAdminQuery<{ nodes: ({ id: string; collections: { nodes: { id: string }[] } } | null)[] }>(
    admin, "the product collections query", PRODUCT_COLLECTIONS_QUERY, { ids: unique, first: COLLECTIONS_PER_PRODUCT },
  );
  const result: Record<string, string[]> = {};
  for (const node of data.nodes) {
    if (node?.collections) result[node.id] = node.collections.nodes.map((collection) => collection.id);
  }
  return result;
}

/**
 * The order as it stands now, as the commission engine's input: each line counted AS EDITED (keepEditedOrder, the
 * same rule the webhook reader uses).
 * Collections and the customer's history are not part of an edit's input: the caller carries them over.
 */
export type EditedOrder = {
  readonly createdAt: Date;
  readonly customerId: string | null;
  /** customerPreviousOrderCount is null here: the caller fills it in (and collections) with readOrderContext. */
  readonly commission: CommissionOrder;
};

export async function readEditedOrder(admin: AdminGraphqlClient, orderId: string): Promise<EditedOrder> {
  const { order } = await runAdminQuery<{ order: EditedOrderHeader | null }>(admin, "the edited order query", EDITED_ORDER_QUERY, { id: orderId });
  if (order === null) throw new ShopifyAdminError(`Shopify has no order ${orderId} (deleted?), so its edit cannot be re-read.`);
  const refunded = countRefundedUnits(order.refunds.map((refund) => ({
    refundLineItems: refund.refundLineItems.nodes.flatMap((item) => (item.lineItem ? [{ lineItemId: item.lineItem.id, quantity: item.quantity }] : [])),
  })));
  const orderedLines: OrderedLine[] = [];
  let after: string | null = null;
  // Bounded: 100 pages of 50 lines is far beyond any real order.
  for (let page = 0; page < 100; page += 1) {
    const data: EditedOrderLines = await runAdminQuery<EditedOrderLines>(admin, "the edited order's line items query", EDITED_ORDER_LINES_QUERY, { id: orderId, first: LINE_ITEMS_PAGE, after });
    if (data.order === null) throw new ShopifyAdminError(`Shopify has no order ${orderId} (deleted?), so its edit cannot be re-read.`);
    for (const line of data.order.lineItems.nodes) {
      orderedLines.push({
        line: {
          lineItemId: line.id,
          productId: line.product?.id ?? null,
          collectionIds: [],
          quantity: line.quantity,
          unitPrice: readMoneyBag(line.originalUnitPriceSet),
          discountAllocations: line.discountAllocations.map((allocation) => readMoneyBag(allocation.allocatedAmountSet)),
          taxLines: line.taxLines.map((tax) => readMoneyBag(tax.priceSet)),
          giftCard: line.isGiftCard,
          tip: false,
        },
        currentQuantity: line.currentQuantity,
        refundedUnits: refunded.get(line.id) ?? 0,
      });
    }
    if (!data.order.lineItems.pageInfo.hasNextPage) break;
    after = data.order.lineItems.pageInfo.endCursor;
  }

  // totalDiscountsSet and discountAllocations are Shopify's ORIGINAL figures (removed units included): compared as
  // such, then each line is cut to its kept units (keepEditedOrder), never one against the other.
  const { lineItems, unallocatedOrderDiscount } = keepEditedOrder(
    orderedLines,
    order.totalDiscountsSet ? readMoneyBag(order.totalDiscountsSet) : null,
    order.shippingLines.nodes.flatMap((shipping) => shipping.discountAllocations.map((allocation) => readMoneyBag(allocation.allocatedAmountSet))),
    { shop: order.currencyCode, presentment: order.presentmentCurrencyCode },
  );
  return {
    createdAt: new Date(order.createdAt),
    customerId: order.customer?.id ?? null,
    commission: {
      orderId: order.id,
      shopCurrency: order.currencyCode,
      presentmentCurrency: order.presentmentCurrencyCode,
      taxesIncluded: order.taxesIncluded,
      lineItems,
      unallocatedOrderDiscount,
      customerPreviousOrderCount: null,
    },
  };
}

/** Which facts the program's rules need from Shopify (ProgramSettings: new customers only, collection rates). */
export type OrderContextNeeds = { readonly customerHistory: boolean; readonly collections: boolean };

/**
 * The customer's earlier orders and the products' collections, read only when the program's rules use them, so a
 * program with neither rule costs no Shopify call.
 */
export async function readOrderContext(
  admin: AdminGraphqlClient,
  needs: OrderContextNeeds,
  order: { orderId: string; createdAt: Date; customerId: string | null; productIds: readonly string[] },
): Promise<OrderContext> {
  const [customerPreviousOrderCount, collectionIdsByProductId] = await Promise.all([
    needs.customerHistory && order.customerId !== null ? readCustomerPreviousOrderCount(admin, order.customerId, order.orderId, order.createdAt) : undefined,
    needs.collections ? readProductCollections(admin, order.productIds) : undefined,
  ]);
  return {
    ...(customerPreviousOrderCount === undefined ? {} : { customerPreviousOrderCount }),
    ...(collectionIdsByProductId === undefined ? {} : { collectionIdsByProductId }),
  };
}

function readMoneyBag(bag: GraphqlMoneyBag): MoneyPair {
  return {
    shop: parseDecimalAmount(bag.shopMoney.amount, bag.shopMoney.currencyCode),
    presentment: parseDecimalAmount(bag.presentmentMoney.amount, bag.presentmentMoney.currencyCode),
  };
}
