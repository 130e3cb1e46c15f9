/**
 * Every public API operation, declared once with the zod schemas the routes validate with. The OpenAPI document
 * (/api/v1/openapi.json), the reference page (/api/v1/docs) and the contract tests are all generated from this
 * list, so the documentation cannot drift from what the routes accept and answer.
 */
import { z } from "zod";
import type { ApiKeyScope } from "../generated/prisma/enums";
import { pageOf } from "./schemas/common-schemas";
import {
  createCreatorBodySchema,
  creatorSchema,
  creatorStatsQuerySchema,
  creatorStatsSchema,
  listCreatorsQuerySchema,
  updateCreatorBodySchema,
} from "./schemas/creator-schemas";
import { codeListSchema, createCodeBodySchema, createLinkBodySchema, discountCodeSchema, linkListSchema, referralLinkSchema } from "./schemas/code-link-schemas";
import {
  commissionSchema,
  conversionSchema,
  createReversalBodySchema,
  customerReferralSchema,
  linkCustomerBodySchema,
  listCommissionsQuerySchema,
  listPayoutsQuerySchema,
  payoutSchema,
  recordConversionBodySchema,
  reversalSchema,
} from "./schemas/money-flow-schemas";

export interface ApiOperation {
  operationId: string;
  method: "get" | "post" | "patch";
  /** OpenAPI path template: /creators/{creatorId} */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** read, write or codes:write (API_KEY_SCOPE_NAMES); each includes the ones before it. */
  scope: ApiKeyScope;
  idempotency?: "required" | "optional";
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success status and its body schema. */
  success: { status: number; description: string; schema: z.ZodType; alsoStatuses?: number[] };
  /** Error statuses this operation can answer besides the common 401/429. */
  errors: number[];
  example?: { body?: unknown; query?: string };
}

/**
 * Every error status an operation can answer: its own, plus what the pipeline adds (401 for keys, 429 for rate
 * limits, 500; and 400/409/422 for an Idempotency-Key that is malformed, still running or reused).
 */
export function listErrorStatuses(operation: ApiOperation): number[] {
  const pipeline = operation.idempotency ? [400, 409, 422] : [];
  return [...new Set([401, ...operation.errors, ...pipeline, 429, 500])].sort((a, b) => a - b);
}

const noticesSchema = z.array(z.object({ kind: z.enum(["email", "code"]), message: z.string() })).describe("Follow-ups the merchant may need to act on (an email or discount code that failed).");
const creatorWriteSchema = creatorSchema.extend({ notices: noticesSchema });
const creatorPath = "/creators/{creatorId}";

export const API_OPERATIONS: ApiOperation[] = [
  {
    operationId: "listCreators",
    method: "get",
    path: "/creators",
    tag: "Creators",
    summary: "List creators, newest first",
    scope: "read",
    query: listCreatorsQuerySchema,
    success: { status: 200, description: "A page of creators.", schema: pageOf(creatorSchema) },
    errors: [422],
    example: { query: "?status=approved&limit=10" },
  },
  {
    operationId: "createCreator",
    method: "post",
    path: "/creators",
    tag: "Creators",
    summary: "Create a creator",
    description: "Validated exactly like the admin form. `invited` sends an invitation email; `approved` sends the approval email and creates the creator's discount code when the program does so on approval.",
    scope: "read_write",
    idempotency: "optional",
    body: createCreatorBodySchema,
    success: { status: 201, description: "The creator.", schema: creatorWriteSchema },
    errors: [400, 403, 413, 415, 422],
    example: { body: { name: "Maya Lopez", email: "maya@example.com", status: "approved", socialHandles: { instagram: "mayalopez" }, commission: { type: "percentage", basisPoints: 1200 } } },
  },
  {
    operationId: "getCreator",
    method: "get",
    path: creatorPath,
    tag: "Creators",
    summary: "Read one creator",
    scope: "read",
    success: { status: 200, description: "The creator.", schema: creatorSchema },
    errors: [404],
  },
  {
    operationId: "updateCreator",
    method: "patch",
    path: creatorPath,
    tag: "Creators",
    summary: "Change a creator's details or status",
    description: "Only the fields sent change. A `status` moves through the same transition table as the admin (a refused transition is a 422 on `status`); rejecting needs a `reason`.",
    scope: "read_write",
    body: updateCreatorBodySchema,
    success: { status: 200, description: "The creator after the change.", schema: creatorWriteSchema },
    errors: [400, 403, 404, 413, 415, 422],
    example: { body: { status: "approved" } },
  },
  {
    operationId: "getCreatorStats",
    method: "get",
    path: `${creatorPath}/stats`,
    tag: "Creators",
    summary: "A creator's orders, revenue and earnings over a date range",
    description: "Orders and earnings by order date; clicks by visit date (known bots and rate-limited floods are not counted).",
    scope: "read",
    query: creatorStatsQuerySchema,
    success: { status: 200, description: "The creator's numbers.", schema: creatorStatsSchema },
    errors: [404, 422],
    example: { query: "?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z" },
  },
  {
    operationId: "listCreatorCodes",
    method: "get",
    path: `${creatorPath}/codes`,
    tag: "Codes and links",
    summary: "A creator's discount codes",
    scope: "read",
    success: { status: 200, description: "Every code, deleted ones included.", schema: codeListSchema },
    errors: [404],
  },
  {
    operationId: "createCreatorCode",
    method: "post",
    path: `${creatorPath}/codes`,
    tag: "Codes and links",
    summary: "Create a discount code in Shopify for the creator",
    description: "The same path as the admin: the code text from the program's pattern (or yours), created in Shopify, then stored. A code Shopify refuses or that is taken is a 422 saying why; nothing is half-created. Needs a key with the `codes:write` scope (an ordinary write key gets 403). The value may not exceed the program's maximum code discount (Settings › Creators' discount codes): a larger one is a 422 on `value.basisPoints` or `value.amountMinor`.",
    scope: "read_write_codes",
    idempotency: "optional",
    body: createCodeBodySchema,
    success: { status: 201, description: "The code.", schema: discountCodeSchema },
    errors: [400, 403, 404, 413, 415, 422, 502],
    example: { body: { code: "MAYA15", value: { type: "percentage", basisPoints: 1500 } } },
  },
  {
    operationId: "listCreatorLinks",
    method: "get",
    path: `${creatorPath}/links`,
    tag: "Codes and links",
    summary: "A creator's referral links",
    scope: "read",
    success: { status: 200, description: "The home link and every saved link.", schema: linkListSchema },
    errors: [404],
  },
  {
    operationId: "createCreatorLink",
    method: "post",
    path: `${creatorPath}/links`,
    tag: "Codes and links",
    summary: "Add a referral link to a storefront path",
    scope: "read_write",
    idempotency: "optional",
    body: createLinkBodySchema,
    success: { status: 201, description: "The link with its URL.", schema: referralLinkSchema },
    errors: [400, 403, 404, 413, 415, 422],
    example: { body: { path: "/collections/summer", utmSource: "instagram", utmCampaign: "summer" } },
  },
  {
    operationId: "linkCustomer",
    method: "post",
    path: "/customers",
    tag: "Customers",
    summary: "Link a customer to the creator who referred them",
    description: "Lifetime attribution: a later conversion with only `customerId`, and a later Shopify order by this customer that carries no creator's code or link, are credited to this creator (use the Shopify customer id, numeric or gid, for Shopify orders). Linking again to the same creator answers 200; to another creator, 409.",
    scope: "read_write",
    idempotency: "optional",
    body: linkCustomerBodySchema,
    success: { status: 201, description: "The link (200 when it already existed for this creator).", schema: customerReferralSchema, alsoStatuses: [200] },
    errors: [400, 403, 409, 413, 415, 422],
    example: { body: { customerId: "cus_8812", refToken: "Zr3kq0C1mF8wXyT2aB9d" } },
  },
  {
    operationId: "recordConversion",
    method: "post",
    path: "/conversions",
    tag: "Conversions and commissions",
    summary: "Record a sale made outside Shopify checkout",
    description: "Recorded like a Shopify order (source `api`) and commissioned by the same rules and ledger. A sale in another currency than the shop's needs `exchangeRate`. One conversion per `externalOrderId` (409 otherwise).",
    scope: "read_write",
    idempotency: "required",
    body: recordConversionBodySchema,
    success: { status: 201, description: "The recorded order and its pending commission.", schema: conversionSchema },
    errors: [400, 403, 409, 413, 415, 422],
    example: { body: { externalOrderId: "HL-10042", amountMinor: 12000, currency: "USD", creatorId: "$CREATOR_ID" } },
  },
  {
    operationId: "listCommissions",
    method: "get",
    path: "/commissions",
    tag: "Conversions and commissions",
    summary: "List commissions, newest first",
    description: "`from`/`to` filter by order date.",
    scope: "read",
    query: listCommissionsQuerySchema,
    success: { status: 200, description: "A page of commissions.", schema: pageOf(commissionSchema) },
    errors: [422],
    example: { query: "?status=pending&limit=50" },
  },
  {
    operationId: "reverseCommission",
    method: "post",
    path: "/commissions/{commissionId}/reversals",
    tag: "Conversions and commissions",
    summary: "Reverse all or part of a commission",
    description: "Appends a manual reversal to the ledger with your reason. Money already paid out becomes a clawback taken from the next payout. The Idempotency-Key is also the ledger event key: a retry never reverses twice.",
    scope: "read_write",
    idempotency: "required",
    body: createReversalBodySchema,
    success: { status: 201, description: "The commission after the reversal and the ledger rows appended.", schema: reversalSchema },
    errors: [400, 403, 404, 409, 413, 415, 422],
    example: { body: { amountMinor: 600, reason: "Customer returned one of two items" } },
  },
  {
    operationId: "listPayouts",
    method: "get",
    path: "/payouts",
    tag: "Payouts",
    summary: "List payouts, newest first",
    scope: "read",
    query: listPayoutsQuerySchema,
    success: { status: 200, description: "A page of payouts.", schema: pageOf(payoutSchema) },
    errors: [422],
  },
];
