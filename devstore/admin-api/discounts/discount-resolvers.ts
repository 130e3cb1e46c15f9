/**
 * Code discounts in Admin GraphQL: the `codeDiscountNode*` queries (`read_discounts`) and the `discountCode*`
 * mutations (`write_discounts`). A mutation validates against the state inside one `StateStore.update`, so it either
 * writes everything or nothing, and reports problems as `userErrors` (HTTP 200), as Shopify does.
 */
import { z } from "zod";
import { allocateId } from "../../state/allocate-id.ts";
import { parseGid, toGid } from "../../state/shopify-gid.ts";
import type { DiscountRecord } from "../../state/state-schema.ts";
import type { AdminApiContext } from "../admin-api-context.ts";
import { connectionArgsSchema, paginateConnection } from "../paginate-connection.ts";
import { presentCodeDiscountNode } from "../present/present-code-discount.ts";
import type { RootResolver } from "../query-root.ts";
import { requireScope } from "../require-scope.ts";
import {
  applyBasicCodeDiscountInput,
  basicCodeDiscountInputSchema,
  type ApplyResult,
  type DiscountUserError,
} from "./apply-basic-code-discount-input.ts";
import { deriveDiscountStatus } from "./discount-status.ts";
import { codeDiscountSortKeySchema, findDiscountByCode, listCodeDiscounts } from "./list-code-discounts.ts";

const idArgs = z.object({ id: z.string() });
const codeArgs = z.object({ code: z.string() });
const createArgs = z.object({ basicCodeDiscount: basicCodeDiscountInputSchema });
const updateArgs = z.object({ id: z.string(), basicCodeDiscount: basicCodeDiscountInputSchema });
const listArgs = connectionArgsSchema.extend({ sortKey: codeDiscountSortKeySchema, query: z.string().nullish() });

export const discountQueryResolvers: Record<string, RootResolver> = {
  codeDiscountNode: (_source, args, context, info) => {
    requireScope(context, "read_discounts", info.fieldName);
    const discount = findById(context.state.discounts, idArgs.parse(args).id);
    return discount ? presentCodeDiscountNode(discount, context) : null;
  },
  codeDiscountNodeByCode: (_source, args, context, info) => {
    requireScope(context, "read_discounts", info.fieldName);
    const discount = findDiscountByCode(context.state.discounts, codeArgs.parse(args).code);
    return discount ? presentCodeDiscountNode(discount, context) : null;
  },
  codeDiscountNodes: (_source, args, context, info) => {
    requireScope(context, "read_discounts", info.fieldName);
    const parsed = listArgs.parse(args);
    const items = listCodeDiscounts(context.state.discounts, parsed.query, parsed.sortKey, context.now);
    return paginateConnection(items, parsed, (item) => presentCodeDiscountNode(item.discount, context));
  },
};

export const discountMutationResolvers: Record<string, RootResolver> = {
  discountCodeBasicCreate: discountMutation("codeDiscountNode", (args, context) => {
    const input = createArgs.parse(args).basicCodeDiscount;
    const outcome = context.updateState((draft) => {
      const applied = applyBasicCodeDiscountInput(input, null, draft.discounts, context.now);
      if (!applied.ok) return applied;
      const timestamp = context.now.toISOString();
      const { code, ...settings } = applied.settings;
      const discount: DiscountRecord = {
        id: allocateId(draft),
        type: "DiscountCodeBasic",
        ...settings,
        codes: [{ id: allocateId(draft), code, asyncUsageCount: 0 }],
        asyncUsageCount: 0,
        items: "all",
        buyers: "all",
        createdAt: timestamp,
        updatedAt: timestamp,
      };
      draft.discounts.push(discount);
      return { ok: true as const, discount };
    });
    return nodePayload(outcome, context);
  }),

  discountCodeBasicUpdate: discountMutation("codeDiscountNode", (args, context) => {
    const parsed = updateArgs.parse(args);
    const outcome = context.updateState((draft) => {
      const discount = findById(draft.discounts, parsed.id);
      if (!discount) return notFound();
      const others = draft.discounts.filter((candidate) => candidate !== discount);
      const applied: ApplyResult = applyBasicCodeDiscountInput(parsed.basicCodeDiscount, discount, others, context.now);
      if (!applied.ok) return applied;
      const { code, ...settings } = applied.settings;
      Object.assign(discount, settings, { updatedAt: context.now.toISOString() });
      const first = discount.codes[0];
      if (first && first.code !== code) first.code = code;
      return { ok: true as const, discount };
    });
    return nodePayload(outcome, context);
  }),

  discountCodeActivate: discountMutation("codeDiscountNode", (args, context) => {
    const id = idArgs.parse(args).id;
    return nodePayload(
      changeDiscount(context, id, (discount, now) => {
        const status = deriveDiscountStatus(discount, context.now);
        if (status === "ACTIVE") return;
        // Activating starts the discount now and takes its end date away.
        if (status === "SCHEDULED") discount.startsAt = now;
        discount.endsAt = null;
      }),
      context,
    );
  }),

  discountCodeDeactivate: discountMutation("codeDiscountNode", (args, context) => {
    const id = idArgs.parse(args).id;
    return nodePayload(
      changeDiscount(context, id, (discount, now) => {
        if (deriveDiscountStatus(discount, context.now) === "EXPIRED") return;
        // Shopify deactivates by ending the discount now; a scheduled one also gets its start pulled to now.
        if (Date.parse(discount.startsAt) > context.now.getTime()) discount.startsAt = now;
        discount.endsAt = now;
      }),
      context,
    );
  }),

  discountCodeDelete: discountMutation("deletedCodeDiscountId", (args, context) => {
    const id = idArgs.parse(args).id;
    const deleted = context.updateState((draft) => {
      const discount = findById(draft.discounts, id);
      if (!discount) return false;
      draft.discounts = draft.discounts.filter((candidate) => candidate !== discount);
      return true;
    });
    return deleted
      ? { deletedCodeDiscountId: toGid("DiscountCodeNode", parseGid(id)?.id ?? 0), userErrors: [] }
      : { deletedCodeDiscountId: null, userErrors: notFound().userErrors };
  }),
};

type Outcome = { ok: true; discount: DiscountRecord } | { ok: false; userErrors: DiscountUserError[] };

function changeDiscount(context: AdminApiContext, id: string, change: (discount: DiscountRecord, now: string) => void): Outcome {
  const existing = findById(context.state.discounts, id);
  if (!existing) return notFound();
  return context.updateState((draft): Outcome => {
    const discount = findById(draft.discounts, id);
    if (!discount) return notFound();
    const before = JSON.stringify(discount);
    change(discount, context.now.toISOString());
    if (JSON.stringify(discount) !== before) discount.updatedAt = context.now.toISOString();
    return { ok: true, discount };
  });
}

function nodePayload(outcome: Outcome, context: AdminApiContext) {
  if (!outcome.ok) return { codeDiscountNode: null, userErrors: outcome.userErrors };
  return { codeDiscountNode: presentCodeDiscountNode(outcome.discount, context), userErrors: [] };
}

function findById<Discount extends { id: number }>(discounts: readonly Discount[], id: string): Discount | undefined {
  const gid = parseGid(id);
  if (gid?.type !== "DiscountCodeNode") return undefined;
  return discounts.find((discount) => discount.id === gid.id);
}

function notFound(): { ok: false; userErrors: DiscountUserError[] } {
  return { ok: false, userErrors: [{ field: ["id"], message: "Discount does not exist", code: "INVALID", extraInfo: null }] };
}

/**
 * Every discount mutation needs `write_discounts`, and answers a failure injected with fail-next before it
 * touches the state; `payloadField` is the mutation's node field, null in that answer.
 */
function discountMutation(
  payloadField: "codeDiscountNode" | "deletedCodeDiscountId",
  resolve: (args: Record<string, unknown>, context: AdminApiContext) => unknown,
): RootResolver {
  return (_source, args, context, info) => {
    requireScope(context, "write_discounts", info.fieldName);
    const injected = injectedFailure(context, info.fieldName);
    if (injected) return { [payloadField]: null, userErrors: [injected] };
    return resolve(args, context);
  };
}

/** POST /__devstore/fail-next {mode:"userError"}: the mutation answers a userError and writes nothing. */
function injectedFailure(context: AdminApiContext, operation: string): DiscountUserError | null {
  if (!context.failingOperations.has(operation)) return null;
  return {
    field: null,
    message: `The devstore was told to fail the next ${operation} (POST /__devstore/fail-next); nothing was changed.`,
    code: "INTERNAL_ERROR",
    extraInfo: null,
  };
}
