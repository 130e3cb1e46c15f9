/**
 * Shopify's global ids: `gid://shopify/Product/7420000000001`. The Admin API speaks only GIDs; REST and webhooks
 * still carry the bare number (Shopify calls it `legacyResourceId`), so the state stores numbers and converts here.
 */
export type GidType =
  | "Shop"
  | "Domain"
  | "StaffMember"
  | "Product"
  | "ProductVariant"
  | "ProductOption"
  | "ProductImage"
  | "Collection"
  | "CollectionImage"
  | "Customer"
  | "DiscountCodeNode"
  | "DiscountRedeemCode"
  | "AppInstallation"
  | "Order"
  | "LineItem"
  | "Refund"
  | "RefundLineItem"
  | "ShippingLine"
  | "StoreCreditAccount"
  | "StoreCreditAccountCreditTransaction"
  | "StoreCreditAccountDebitTransaction"
  | "GiftCard";

export function toGid(type: GidType, id: number): string {
  return `gid://shopify/${type}/${id}`;
}

export interface ParsedGid {
  type: string;
  id: number;
}

/** Reads a GID; null when it is not one (Shopify answers such a lookup with null, not an error). */
export function parseGid(gid: string): ParsedGid | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(\?.*)?$/.exec(gid);
  if (!match?.[1] || !match[2]) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { type: match[1], id } : null;
}
