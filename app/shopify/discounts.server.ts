/**
 * Shopify's amount-off code discounts (DiscountCodeBasic), Admin GraphQL 2026-10. Every mutation's `userErrors`
 * come back as merchant words with their `field` path kept, so a form can put the message on the right field.
 * Transport failures (HTTP 5xx, network, access denied) are thrown as ShopifyAdminError by runAdminQuery.
 */
import { runAdminQuery, ShopifyAdminError, type AdminGraphqlClient } from "./admin-client.server";

/** What Affable sets on a creator's discount. Amounts are decimal strings in the shop's currency (Shopify's Decimal). */
export interface ShopifyDiscountInput {
  title: string;
  code: string;
  /** 0 < percentage ≤ 1 (Shopify's Float), or a fixed amount off the order's eligible items. */
  value: { percentage: number } | { amount: string };
  startsAt: Date;
  endsAt: Date | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

/** A code discount as Shopify reports it. */
export interface ShopifyCodeDiscount {
  id: string;
  /** "DiscountCodeBasic" for the discounts Affable manages; other kinds (buy X get Y, free shipping, app) are only named. */
  kind: string;
  title: string;
  code: string | null;
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  appliesOncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
  value: { percentage: number } | { amount: string; currencyCode: string } | null;
}

export interface DiscountUserError {
  /** Input path as Shopify gives it, e.g. ["basicCodeDiscount", "code"]; our form field name is the last part. */
  field: string[] | null;
  message: string;
  code: string | null;
}

export type DiscountMutationResult<T> = { ok: true; value: T } | { ok: false; errors: Array<{ field?: string; message: string; code: string | null }> };

const CODE_DISCOUNT_FIELDS = `#graphql
  fragment AffableCodeDiscount on DiscountCodeNode {
    id
    codeDiscount {
      __typename
      ... on DiscountCodeBasic {
        title
        status
        startsAt
        endsAt
        usageLimit
        appliesOncePerCustomer
        combinesWith { orderDiscounts productDiscounts shippingDiscounts }
        codes(first: 1) { nodes { code } }
        customerGets {
          value {
            __typename
            ... on DiscountPercentage { percentage }
            ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem }
          }
        }
      }
    }
  }
`;

const USER_ERROR_FIELDS = "userErrors { field message code }";

export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  ${CODE_DISCOUNT_FIELDS}
  mutation AffableDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { ...AffableCodeDiscount }
      ${USER_ERROR_FIELDS}
    }
  }
`;

export const DISCOUNT_CODE_BASIC_UPDATE = `#graphql
  ${CODE_DISCOUNT_FIELDS}
  mutation AffableDiscountCodeBasicUpdate($id: ID!, $basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicUpdate(id: $id, basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode { ...AffableCodeDiscount }
      ${USER_ERROR_FIELDS}
    }
  }
`;

export const DISCOUNT_CODE_ACTIVATE = `#graphql
  ${CODE_DISCOUNT_FIELDS}
  mutation AffableDiscountCodeActivate($id: ID!) {
    discountCodeActivate(id: $id) {
      codeDiscountNode { ...AffableCodeDiscount }
      ${USER_ERROR_FIELDS}
    }
  }
`;

export const DISCOUNT_CODE_DEACTIVATE = `#graphql
  ${CODE_DISCOUNT_FIELDS}
  mutation AffableDiscountCodeDeactivate($id: ID!) {
    discountCodeDeactivate(id: $id) {
      codeDiscountNode { ...AffableCodeDiscount }
      ${USER_ERROR_FIELDS}
    }
  }
`;

export const DISCOUNT_CODE_DELETE = `#graphql
  mutation AffableDiscountCodeDelete($id: ID!) {
    discountCodeDelete(id: $id) {
      deletedCodeDiscountId
      ${USER_ERROR_FIELDS}
    }
  }
`;

export const CODE_DISCOUNT_NODE_BY_CODE = `#graphql
  ${CODE_DISCOUNT_FIELDS}
  query AffableCodeDiscountNodeByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) { ...AffableCodeDiscount }
  }
`;

export const CODE_DISCOUNT_NODE = `#graphql
  ${CODE_DISCOUNT_FIELDS}
  query AffableCodeDiscountNode($id: ID!) {
    codeDiscountNode(id: $id) { ...AffableCodeDiscount }
  }
`;

interface CodeDiscountNodeShape {
  id: string;
  codeDiscount: {
    __typename: string;
    title?: string;
    status?: "ACTIVE" | "EXPIRED" | "SCHEDULED";
    startsAt?: string;
    endsAt?: string | null;
    usageLimit?: number | null;
    appliesOncePerCustomer?: boolean;
    combinesWith?: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
    codes?: { nodes: Array<{ code: string }> };
    customerGets?: {
      value:
        | { __typename: "DiscountPercentage"; percentage: number }
        | { __typename: "DiscountAmount"; amount: { amount: string; currencyCode: string }; appliesOnEachItem: boolean }
        | { __typename: string };
    };
  } | null;
}

interface MutationPayload {
  codeDiscountNode?: CodeDiscountNodeShape | null;
  deletedCodeDiscountId?: string | null;
  userErrors: DiscountUserError[];
}

function presentCodeDiscount(node: CodeDiscountNodeShape): ShopifyCodeDiscount {
  const discount = node.codeDiscount;
  const value = discount?.customerGets?.value;
  return {
    id: node.id,
    kind: discount?.__typename ?? "Unknown",
    title: discount?.title ?? "",
    code: discount?.codes?.nodes[0]?.code ?? null,
    status: discount?.status ?? "EXPIRED",
    startsAt: discount?.startsAt ?? new Date(0).toISOString(),
    endsAt: discount?.endsAt ?? null,
    usageLimit: discount?.usageLimit ?? null,
    appliesOncePerCustomer: discount?.appliesOncePerCustomer ?? false,
    combinesWith: discount?.combinesWith ?? { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    value:
      value && "percentage" in value
        ? { percentage: value.percentage }
        : value && "amount" in value
          ? { amount: value.amount.amount, currencyCode: value.amount.currencyCode }
          : null,
  };
}

/** Shopify's field path → the name of our form field: ["basicCodeDiscount", "customerGets", "value"] → "value". */
const FIELD_NAMES: Record<string, string> = {
  code: "code",
  title: "title",
  startsAt: "startsAt",
  endsAt: "endsAt",
  usageLimit: "usageLimit",
  appliesOncePerCustomer: "oncePerCustomer",
  combinesWith: "combinesWith",
  customerGets: "value",
  id: "code",
};

function toFormField(field: string[] | null): string | undefined {
  if (!field) return undefined;
  const meaningful = field.find((part) => part in FIELD_NAMES);
  return meaningful ? FIELD_NAMES[meaningful] : field[field.length - 1];
}

/** Shopify's userErrors in the words a merchant uses, keeping what Shopify said when we have nothing better. */
export function describeDiscountUserError(error: DiscountUserError, code?: string): { field?: string; message: string; code: string | null } {
  const field = toFormField(error.field);
  const shown = code ? code.toUpperCase() : "this code";
  let message = error.message;
  if (error.code === "TAKEN" && (field === "code" || /code/i.test(error.message))) {
    message = `The code ${shown} is already used by another discount in your store — pick another code.`;
  } else if (error.code === "TOO_LONG") {
    message = `Shopify allows discount codes of up to 255 characters. ${error.message}`;
  } else if (error.code === "BLANK" || error.code === "PRESENT") {
    message = `${error.message} (Shopify, field ${error.field?.join(".") ?? "unknown"}).`;
  } else if (error.code === "INVALID_DATE_RANGE" || error.code === "END_DATE_BEFORE_START_DATE") {
    message = "The end date must come after the start date.";
  } else if (error.code === "VALUE_OUTSIDE_RANGE" || error.code === "LESS_THAN_OR_EQUAL_TO" || error.code === "GREATER_THAN") {
    message = `Shopify refused the value: ${error.message}`;
  } else if (!/[.!]$/.test(message)) {
    message = `Shopify refused the change: ${message}.`;
  }
  return { ...(field ? { field } : {}), message, code: error.code };
}

function toVariables(input: ShopifyDiscountInput) {
  return {
    title: input.title,
    code: input.code,
    startsAt: input.startsAt.toISOString(),
    endsAt: input.endsAt ? input.endsAt.toISOString() : null,
    usageLimit: input.usageLimit,
    appliesOncePerCustomer: input.appliesOncePerCustomer,
    combinesWith: input.combinesWith,
    // `context` replaced the deprecated `customerSelection` in 2025-10: every buyer may use a creator's code.
    context: { all: "ALL" },
    customerGets: {
      value:
        "percentage" in input.value
          ? { percentage: input.value.percentage }
          : { discountAmount: { amount: input.value.amount, appliesOnEachItem: false } },
      items: { all: true },
    },
  };
}

function mutationResult<T>(payload: MutationPayload | null | undefined, operation: string, code: string | undefined, pick: (payload: MutationPayload) => T | null | undefined): DiscountMutationResult<T> {
  if (!payload) throw new ShopifyAdminError(`Shopify answered ${operation} without a result.`);
  if (payload.userErrors.length > 0) return { ok: false, errors: payload.userErrors.map((error) => describeDiscountUserError(error, code)) };
  const value = pick(payload);
  if (value === null || value === undefined) throw new ShopifyAdminError(`Shopify answered ${operation} with neither a discount nor an error.`);
  return { ok: true, value };
}

export async function createShopifyCodeDiscount(admin: AdminGraphqlClient, input: ShopifyDiscountInput): Promise<DiscountMutationResult<ShopifyCodeDiscount>> {
  const data = await runAdminQuery<{ discountCodeBasicCreate: MutationPayload | null }>(admin, "creating the discount code", DISCOUNT_CODE_BASIC_CREATE, {
    basicCodeDiscount: toVariables(input),
  });
  return mutationResult(data.discountCodeBasicCreate, "creating the discount code", input.code, (payload) =>
    payload.codeDiscountNode ? presentCodeDiscount(payload.codeDiscountNode) : null,
  );
}

/** Updates the fields given; Shopify leaves the ones left out as they were. */
export async function updateShopifyCodeDiscount(
  admin: AdminGraphqlClient,
  id: string,
  input: Partial<ShopifyDiscountInput>,
): Promise<DiscountMutationResult<ShopifyCodeDiscount>> {
  const full = toVariables({
    title: "",
    code: "",
    value: { percentage: 0 },
    startsAt: new Date(0),
    endsAt: null,
    usageLimit: null,
    appliesOncePerCustomer: false,
    combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
    ...input,
  });
  const basicCodeDiscount: Record<string, unknown> = {};
  if (input.title !== undefined) basicCodeDiscount.title = full.title;
  if (input.code !== undefined) basicCodeDiscount.code = full.code;
  if (input.startsAt !== undefined) basicCodeDiscount.startsAt = full.startsAt;
  if (input.endsAt !== undefined) basicCodeDiscount.endsAt = full.endsAt;
  if (input.usageLimit !== undefined) basicCodeDiscount.usageLimit = full.usageLimit;
  if (input.appliesOncePerCustomer !== undefined) basicCodeDiscount.appliesOncePerCustomer = full.appliesOncePerCustomer;
  if (input.combinesWith !== undefined) basicCodeDiscount.combinesWith = full.combinesWith;
  if (input.value !== undefined) basicCodeDiscount.customerGets = full.customerGets;
  const data = await runAdminQuery<{ discountCodeBasicUpdate: MutationPayload | null }>(admin, "updating the discount code", DISCOUNT_CODE_BASIC_UPDATE, {
    id,
    basicCodeDiscount,
  });
  return mutationResult(data.discountCodeBasicUpdate, "updating the discount code", input.code, (payload) =>
    payload.codeDiscountNode ? presentCodeDiscount(payload.codeDiscountNode) : null,
  );
}

export async function activateShopifyCodeDiscount(admin: AdminGraphqlClient, id: string): Promise<DiscountMutationResult<ShopifyCodeDiscount>> {
  const data = await runAdminQuery<{ discountCodeActivate: MutationPayload | null }>(admin, "reactivating the discount code", DISCOUNT_CODE_ACTIVATE, { id });
  return mutationResult(data.discountCodeActivate, "reactivating the discount code", undefined, (payload) =>
    payload.codeDiscountNode ? presentCodeDiscount(payload.codeDiscountNode) : null,
  );
}

export async function deactivateShopifyCodeDiscount(admin: AdminGraphqlClient, id: string): Promise<DiscountMutationResult<ShopifyCodeDiscount>> {
  const data = await runAdminQuery<{ discountCodeDeactivate: MutationPayload | null }>(admin, "deactivating the discount code", DISCOUNT_CODE_DEACTIVATE, { id });
  return mutationResult(data.discountCodeDeactivate, "deactivating the discount code", undefined, (payload) =>
    payload.codeDiscountNode ? presentCodeDiscount(payload.codeDiscountNode) : null,
  );
}

export async function deleteShopifyCodeDiscount(admin: AdminGraphqlClient, id: string): Promise<DiscountMutationResult<string>> {
  const data = await runAdminQuery<{ discountCodeDelete: MutationPayload | null }>(admin, "deleting the discount code", DISCOUNT_CODE_DELETE, { id });
  return mutationResult(data.discountCodeDelete, "deleting the discount code", undefined, (payload) => payload.deletedCodeDiscountId);
}

/** Any code discount using `code` (case-insensitive), or null when the code is free in the shop. */
export async function findShopifyCodeDiscountByCode(admin: AdminGraphqlClient, code: string): Promise<ShopifyCodeDiscount | null> {
  const data = await runAdminQuery<{ codeDiscountNodeByCode: CodeDiscountNodeShape | null }>(admin, "looking up the discount code", CODE_DISCOUNT_NODE_BY_CODE, { code });
  return data.codeDiscountNodeByCode ? presentCodeDiscount(data.codeDiscountNodeByCode) : null;
}

export async function findShopifyCodeDiscount(admin: AdminGraphqlClient, id: string): Promise<ShopifyCodeDiscount | null> {
  const data = await runAdminQuery<{ codeDiscountNode: CodeDiscountNodeShape | null }>(admin, "reading the discount code", CODE_DISCOUNT_NODE, { id });
  return data.codeDiscountNode ? presentCodeDiscount(data.codeDiscountNode) : null;
}
