/**
 * Changes to a creator's existing code. Each one goes to Shopify first (the source of truth for what shoppers can
 * use), then our row mirrors what Shopify answered, with an AuditEvent in the same transaction. When Shopify refuses,
 * our row is untouched and the merchant sees Shopify's reason in their words.
 */
import type { Database } from "../../db.server";
import { validateCodeText } from "../../domain/codes";
import type { DiscountCode } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { findCodeByText, findCodeInShop, findCreatorInShop } from "../../repositories/creator-code-repository.server";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import {
  activateShopifyCodeDiscount,
  deactivateShopifyCodeDiscount,
  deleteShopifyCodeDiscount,
  findShopifyCodeDiscount,
  findShopifyCodeDiscountByCode,
  updateShopifyCodeDiscount,
  type DiscountMutationResult,
  type ShopifyCodeDiscount,
  type ShopifyDiscountInput,
} from "../../shopify/discounts.server";
import {
  codeValueLimits,
  discountTitle,
  fail,
  recordCodeStatusChange,
  rowFieldsFromShopify,
  storeCreatorCode,
  settingsFromRow,
  toShopifyValue,
  validateDiscountSettings,
  withShopifyErrors,
  type CodeChangeResult,
  type CodeDiscountSettings,
} from "./creator-code-support.server";
import { loadProgramSettings } from "../program/program-settings.server";

export interface ManageCodeDeps {
  db: Database;
  admin: AdminGraphqlClient;
}

export interface CodeTarget {
  shop: string;
  codeId: string;
  actor: string;
  /** Tests pin the clock; production uses it. */
  now?: Date;
}

const NOT_FOUND = "This code does not exist in your shop (it may have been deleted). Reload the page.";

function mutationErrors<T>(result: DiscountMutationResult<T> & { ok: false }): CodeChangeResult {
  return { ok: false, errors: result.errors.map(({ field, message }) => ({ ...(field ? { field } : {}), message })) };
}

/**
 * Writes what Shopify answered onto our row, with its audit event and, when the status changed, a status-history
 * row from `statusSince` on (attribution reads a code's status at the time an order was placed).
 */
async function mirror(
  db: Database,
  row: DiscountCode,
  actor: string,
  action: string,
  fields: Partial<DiscountCode>,
  details: Record<string, string | number | boolean | null>,
  status: { since: Date; reason?: string | null },
) {
  await db.$transaction(async (tx) => {
    const updated = await tx.discountCode.updateMany({ where: { shop: row.shop, id: row.id }, data: fields });
    if (updated.count !== 1) throw new Error(`The code ${row.code} disappeared while it was being changed.`);
    if (fields.status !== undefined && fields.status !== row.status) {
      await recordCodeStatusChange(tx, { shop: row.shop, codeId: row.id, status: fields.status, since: status.since, actor, reason: status.reason ?? null });
    }
    await recordAuditEvent(tx, {
      shop: row.shop,
      actor,
      action,
      subjectType: "creator",
      subjectId: row.creatorId,
      details: { codeId: row.id, code: row.code, shopifyDiscountId: row.shopifyDiscountId, ...details },
    });
  });
}

async function loadLiveCode(db: Database, target: CodeTarget): Promise<DiscountCode | null> {
  const row = await findCodeInShop(db, target.shop, target.codeId);
  return row && row.status !== "deleted" ? row : null;
}

export async function updateCreatorCode(deps: ManageCodeDeps, input: CodeTarget & { changes: Partial<CodeDiscountSettings> }): Promise<CodeChangeResult> {
  const row = await loadLiveCode(deps.db, input);
  if (!row) return fail(NOT_FOUND);
  const next = { ...settingsFromRow(row), ...input.changes };
  // The maximum binds a value being set; an unchanged value set before a lower maximum may stay.
  const limits = input.changes.value ? codeValueLimits(await loadProgramSettings(deps.db, input.shop)) : { maxBasisPoints: 10_000, maxAmountMinor: null, currency: row.currency };
  const invalid = validateDiscountSettings(next, limits);
  if (invalid.length > 0) return { ok: false, errors: invalid };
  const changes: Partial<ShopifyDiscountInput> = {};
  if (input.changes.value) changes.value = toShopifyValue(input.changes.value, row.currency);
  if (input.changes.startsAt) changes.startsAt = input.changes.startsAt;
  if (input.changes.endsAt !== undefined) changes.endsAt = input.changes.endsAt;
  if (input.changes.usageLimit !== undefined) changes.usageLimit = input.changes.usageLimit;
  if (input.changes.oncePerCustomer !== undefined) changes.appliesOncePerCustomer = input.changes.oncePerCustomer;
  if (input.changes.combinesWith) changes.combinesWith = input.changes.combinesWith;

  return withShopifyErrors(async () => {
    const updated = await updateShopifyCodeDiscount(deps.admin, row.shopifyDiscountId, changes);
    if (!updated.ok) return mutationErrors(updated);
    const fields = rowFieldsFromShopify(updated.value, row.currency);
    await mirror(deps.db, row, input.actor, "discount_code.updated", fields, {
      changed: Object.keys(input.changes).join(", "),
    }, { since: input.now ?? new Date() });
    return { ok: true as const, codeId: row.id, code: row.code };
  });
}

/**
 * `statusReason` marks a deactivation Affable made on its own (a paused or rejected creator), so re-approval
 * turns back on exactly those codes and not one the merchant switched off themselves.
 */
export async function deactivateCreatorCode(
  deps: ManageCodeDeps,
  input: CodeTarget & { reason?: string; statusReason?: "creator_paused" | "creator_rejected" },
): Promise<CodeChangeResult> {
  const row = await loadLiveCode(deps.db, input);
  if (!row) return fail(NOT_FOUND);
  return withShopifyErrors(async () => {
    const result = await deactivateShopifyCodeDiscount(deps.admin, row.shopifyDiscountId);
    if (!result.ok) return mutationErrors(result);
    // Shopify deactivates by ending the discount: its end time is when checkout stopped accepting the code.
    const endedAt = result.value.endsAt === null ? null : new Date(result.value.endsAt);
    const since = input.now ?? (endedAt !== null && endedAt.getTime() <= Date.now() ? endedAt : new Date());
    await mirror(deps.db, row, input.actor, "discount_code.deactivated", { ...rowFieldsFromShopify(result.value, row.currency), status: "inactive" }, {
      reason: input.reason ?? input.statusReason ?? null,
    }, { since, reason: input.statusReason ?? null });
    return { ok: true as const, codeId: row.id, code: row.code };
  });
}

export async function reactivateCreatorCode(deps: ManageCodeDeps, input: CodeTarget): Promise<CodeChangeResult> {
  const row = await loadLiveCode(deps.db, input);
  if (!row) return fail(NOT_FOUND);
  return withShopifyErrors(async () => {
    const result = await activateShopifyCodeDiscount(deps.admin, row.shopifyDiscountId);
    if (!result.ok) return mutationErrors(result);
    await mirror(deps.db, row, input.actor, "discount_code.reactivated", rowFieldsFromShopify(result.value, row.currency), {}, { since: input.now ?? new Date() });
    return { ok: true as const, codeId: row.id, code: row.code };
  });
}

/**
 * Deletes the discount in Shopify and marks our row deleted (kept, so past orders still show which creator's code
 * they used). A discount someone already deleted in the Shopify admin counts as deleted.
 */
export async function deleteCreatorCode(deps: ManageCodeDeps, input: CodeTarget): Promise<CodeChangeResult> {
  const row = await loadLiveCode(deps.db, input);
  if (!row) return fail(NOT_FOUND);
  return withShopifyErrors(async () => {
    const result = await deleteShopifyCodeDiscount(deps.admin, row.shopifyDiscountId);
    if (!result.ok && (await findShopifyCodeDiscount(deps.admin, row.shopifyDiscountId)) !== null) return mutationErrors(result);
    await mirror(deps.db, row, input.actor, "discount_code.deleted", { status: "deleted" }, { alreadyGoneInShopify: !result.ok }, { since: input.now ?? new Date() });
    return { ok: true as const, codeId: row.id, code: row.code };
  });
}

function describeKind(discount: ShopifyCodeDiscount): string {
  const names: Record<string, string> = {
    DiscountCodeBxgy: "a buy X get Y discount",
    DiscountCodeFreeShipping: "a free shipping discount",
    DiscountCodeApp: "a discount managed by another app",
  };
  return names[discount.kind] ?? "not an amount-off discount";
}

/**
 * Links a code the merchant already has in Shopify to a creator. Shopify's settings are stored as they are
 * (linkedExisting = true); a code already linked to another creator is refused.
 */
export async function linkExistingCode(
  deps: ManageCodeDeps,
  input: { shop: string; creatorId: string; actor: string; code: string },
): Promise<CodeChangeResult> {
  const { db, admin } = deps;
  const creator = await findCreatorInShop(db, input.shop, input.creatorId);
  if (!creator) return fail("This creator does not exist in your shop (it may have been deleted). Reload the page.");
  const checked = validateCodeText(input.code);
  if (!checked.ok) return fail(checked.message, "code");
  const ours = await findCodeByText(db, input.shop, checked.code);
  if (ours) {
    const owner = ours.creatorId === creator.id ? creator : await findCreatorInShop(db, input.shop, ours.creatorId);
    return fail(
      ours.creatorId === creator.id
        ? `${checked.code} is already linked to ${creator.name}.`
        : `${checked.code} is already linked to ${owner?.name ?? "another creator"}. Unlink it there first.`,
      "code",
    );
  }
  const settings = await loadProgramSettings(db, input.shop);

  return withShopifyErrors(async () => {
    const discount = await findShopifyCodeDiscountByCode(admin, checked.code);
    if (!discount) return fail(`No discount in your store uses the code ${checked.code}. Check the spelling in Shopify › Discounts.`, "code");
    if (discount.kind !== "DiscountCodeBasic") {
      return fail(`${checked.code} is ${describeKind(discount)}. Affable can link amount-off codes only.`, "code");
    }
    const code = discount.code?.toUpperCase() === checked.code ? discount.code : checked.code;
    try {
      const row = await storeCreatorCode(db, {
        shop: input.shop,
        creatorId: creator.id,
        actor: input.actor,
        code,
        discount,
        currency: settings.currency,
        linkedExisting: true,
      });
      return { ok: true as const, codeId: row.id, code: row.code };
    } catch (error) {
      if (isUniqueViolation(error)) {
        return fail(`${checked.code} (or another code of the same Shopify discount) is already linked to a creator.`, "code");
      }
      throw error;
    }
  });
}

export type CreatorCodesStatusReason = "creator_paused" | "creator_rejected";

/**
 * Switches a creator's codes off in Shopify when they are paused or rejected (live: false), or back on when they
 * are approved again (live: true). Turning on touches only the codes Affable itself switched off for a pause or
 * rejection, never one the merchant deactivated by hand. Each code is its own Shopify call; a failure is reported
 * per code and never stops the others.
 */
export async function setCreatorCodesLive(
  deps: ManageCodeDeps,
  input: { shop: string; creatorId: string; actor: string; live: boolean; reason?: CreatorCodesStatusReason; now?: Date },
): Promise<{ changed: string[]; failures: Array<{ code: string; message: string }> }> {
  const codes = await deps.db.discountCode.findMany({
    where: { shop: input.shop, creatorId: input.creatorId, status: input.live ? "inactive" : "active" },
    include: { statusChanges: { where: { shop: input.shop }, orderBy: [{ since: "desc" }, { recordedAt: "desc" }], take: 1 } },
    orderBy: { createdAt: "asc" },
  });
  const changed: string[] = [];
  const failures: Array<{ code: string; message: string }> = [];
  for (const code of codes) {
    const target = { shop: input.shop, codeId: code.id, actor: input.actor, ...(input.now ? { now: input.now } : {}) };
    let result: CodeChangeResult;
    if (input.live) {
      const last = code.statusChanges[0];
      if (last?.reason !== "creator_paused" && last?.reason !== "creator_rejected") continue;
      result = await reactivateCreatorCode(deps, target);
    } else {
      result = await deactivateCreatorCode(deps, { ...target, statusReason: input.reason ?? "creator_paused" });
    }
    if (result.ok) changed.push(code.code);
    else failures.push({ code: code.code, message: result.errors.map((error) => error.message).join(" ") });
  }
  return { changed, failures };
}

/** Pushes a creator's new name into the title of each of their live Shopify discounts ("Affable · <name>"). */
export async function retitleCreatorCodes(
  deps: ManageCodeDeps,
  input: { shop: string; creatorId: string; actor: string; name: string },
): Promise<{ changed: string[]; failures: Array<{ code: string; message: string }> }> {
  const codes = await deps.db.discountCode.findMany({
    where: { shop: input.shop, creatorId: input.creatorId, status: { not: "deleted" }, linkedExisting: false },
    orderBy: { createdAt: "asc" },
  });
  const changed: string[] = [];
  const failures: Array<{ code: string; message: string }> = [];
  for (const code of codes) {
    const result = await withShopifyErrors(async () => {
      const updated = await updateShopifyCodeDiscount(deps.admin, code.shopifyDiscountId, { title: discountTitle(input.name) });
      return updated.ok ? { ok: true as const } : mutationErrors(updated);
    });
    if (result.ok) changed.push(code.code);
    else failures.push({ code: code.code, message: result.errors.map((error) => error.message).join(" ") });
  }
  return { changed, failures };
}
