/**
 * What the creator-code services share: the discount settings type, ProgramSettings defaults, the mapping between our
 * DiscountCode row and Shopify's discount, and the result shape routes show to the merchant.
 */
import type { Database } from "../../db.server";
import { formatDecimalAmount, parseDecimalAmount } from "../../domain/money";
import { basisPointsToFraction, formatPercentText, fractionToBasisPoints } from "../../domain/program/percent-text";
import type { DiscountCode, DiscountCodeStatus, Prisma, ProgramSettings } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { ShopifyAdminError } from "../../shopify/admin-client.server";
import type { ShopifyCodeDiscount, ShopifyDiscountInput } from "../../shopify/discounts.server";

export type DiscountValue = { type: "percentage"; basisPoints: number } | { type: "fixed_amount"; amountMinor: bigint };

export interface CodeDiscountSettings {
  value: DiscountValue;
  startsAt: Date;
  endsAt: Date | null;
  usageLimit: number | null;
  oncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

export type CodeError = { field?: string; message: string };
export type CodeChangeResult = { ok: true; codeId: string; code: string } | { ok: false; errors: CodeError[] };

export function fail(message: string, field?: string): { ok: false; errors: CodeError[] } {
  return { ok: false, errors: [{ ...(field ? { field } : {}), message }] };
}

export function defaultDiscountSettings(settings: ProgramSettings, now: Date): CodeDiscountSettings {
  return {
    value:
      settings.defaultDiscountType === "percentage"
        ? { type: "percentage", basisPoints: settings.defaultDiscountBasisPoints }
        : { type: "fixed_amount", amountMinor: settings.defaultDiscountAmountMinor },
    startsAt: now,
    endsAt: null,
    usageLimit: settings.defaultUsageLimit,
    oncePerCustomer: settings.defaultOncePerCustomer,
    combinesWith: {
      orderDiscounts: settings.combinesWithOrderDiscounts,
      productDiscounts: settings.combinesWithProductDiscounts,
      shippingDiscounts: settings.combinesWithShippingDiscounts,
    },
  };
}

export function settingsFromRow(row: DiscountCode): CodeDiscountSettings {
  return {
    value:
      row.valueType === "percentage"
        ? { type: "percentage", basisPoints: row.valueBasisPoints ?? 0 }
        : { type: "fixed_amount", amountMinor: row.valueAmountMinor ?? 0n },
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    usageLimit: row.usageLimit,
    oncePerCustomer: row.oncePerCustomer,
    combinesWith: {
      orderDiscounts: row.combinesWithOrderDiscounts,
      productDiscounts: row.combinesWithProductDiscounts,
      shippingDiscounts: row.combinesWithShippingDiscounts,
    },
  };
}

/** The program's ceiling on what one creator code may give (ProgramSettings.maxCodeDiscount*). */
export interface CodeValueLimits {
  maxBasisPoints: number;
  /** null: fixed amounts are not capped. */
  maxAmountMinor: bigint | null;
  currency: string;
}

export function codeValueLimits(settings: Pick<ProgramSettings, "maxCodeDiscountBasisPoints" | "maxCodeDiscountAmountMinor" | "currency">): CodeValueLimits {
  return { maxBasisPoints: settings.maxCodeDiscountBasisPoints, maxAmountMinor: settings.maxCodeDiscountAmountMinor, currency: settings.currency };
}

/**
 * Checks a discount before Shopify sees it, with the field each message belongs to. The program's maximum applies
 * to every code Affable creates or edits, from the admin and the API alike.
 */
export function validateDiscountSettings(settings: CodeDiscountSettings, limits: CodeValueLimits): CodeError[] {
  const errors: CodeError[] = [];
  const where = "Raise the maximum in Settings › Creators' discount codes if you mean it.";
  if (settings.value.type === "percentage" && settings.value.basisPoints > limits.maxBasisPoints && settings.value.basisPoints <= 10_000) {
    errors.push({ field: "value", message: `Creator codes may give at most ${formatPercentText(limits.maxBasisPoints)}% off in this program. ${where}` });
  }
  if (settings.value.type === "fixed_amount" && limits.maxAmountMinor !== null && settings.value.amountMinor > limits.maxAmountMinor) {
    const most = formatDecimalAmount({ amountMinor: limits.maxAmountMinor, currency: limits.currency });
    errors.push({ field: "value", message: `Creator codes may give at most ${most} ${limits.currency} off in this program. ${where}` });
  }
  if (settings.value.type === "percentage" && (settings.value.basisPoints < 1 || settings.value.basisPoints > 10_000)) {
    errors.push({ field: "value", message: "A percentage discount must be between 0.01% and 100%." });
  }
  if (settings.value.type === "fixed_amount" && settings.value.amountMinor <= 0n) {
    errors.push({ field: "value", message: "A fixed amount off must be more than zero." });
  }
  if (settings.usageLimit !== null && (!Number.isInteger(settings.usageLimit) || settings.usageLimit < 1)) {
    errors.push({ field: "usageLimit", message: "The usage limit must be a whole number of at least 1, or empty for no limit." });
  }
  if (settings.endsAt && settings.endsAt.getTime() <= settings.startsAt.getTime()) {
    errors.push({ field: "endsAt", message: "The end date must come after the start date." });
  }
  return errors;
}

export function toShopifyValue(value: DiscountValue, currency: string): ShopifyDiscountInput["value"] {
  return value.type === "percentage"
    ? { percentage: basisPointsToFraction(value.basisPoints) }
    : { amount: formatDecimalAmount({ amountMinor: value.amountMinor, currency }) };
}

export function toShopifyInput(title: string, code: string, settings: CodeDiscountSettings, currency: string): ShopifyDiscountInput {
  return {
    title,
    code,
    value: toShopifyValue(settings.value, currency),
    startsAt: settings.startsAt,
    endsAt: settings.endsAt,
    usageLimit: settings.usageLimit,
    appliesOncePerCustomer: settings.oncePerCustomer,
    combinesWith: settings.combinesWith,
  };
}

/** Our row's columns from what Shopify reports: the mirror always shows what shoppers actually get. */
export function rowFieldsFromShopify(discount: ShopifyCodeDiscount, fallbackCurrency: string) {
  const value = discount.value;
  const currency = value && "currencyCode" in value ? value.currencyCode : fallbackCurrency;
  return {
    status: discount.status === "EXPIRED" ? ("inactive" as const) : ("active" as const),
    valueType: value && "percentage" in value ? ("percentage" as const) : ("fixed_amount" as const),
    valueBasisPoints: value && "percentage" in value ? fractionToBasisPoints(value.percentage) : null,
    valueAmountMinor: value && "amount" in value ? parseDecimalAmount(value.amount, currency).amountMinor : null,
    currency,
    startsAt: new Date(discount.startsAt),
    endsAt: discount.endsAt ? new Date(discount.endsAt) : null,
    usageLimit: discount.usageLimit,
    oncePerCustomer: discount.appliesOncePerCustomer,
    combinesWithOrderDiscounts: discount.combinesWith.orderDiscounts,
    combinesWithProductDiscounts: discount.combinesWith.productDiscounts,
    combinesWithShippingDiscounts: discount.combinesWith.shippingDiscounts,
  };
}

/** Shopify being unreachable is a message for the merchant, not a crash of the page. */
export async function withShopifyErrors<T extends { ok: boolean }>(run: () => Promise<T>): Promise<T | { ok: false; errors: CodeError[] }> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ShopifyAdminError) return fail(error.message);
    throw error;
  }
}

export function discountTitle(creatorName: string): string {
  return `Affable · ${creatorName}`;
}

/** Appends to a code's status history, which attribution reads (a code's status when an order was placed). */
export function recordCodeStatusChange(
  tx: Prisma.TransactionClient,
  change: { shop: string; codeId: string; status: DiscountCodeStatus; since: Date; actor: string; reason?: string | null },
) {
  return tx.discountCodeStatusChange.create({
    data: { shop: change.shop, codeId: change.codeId, status: change.status, since: change.since, actor: change.actor, reason: change.reason ?? null },
  });
}

/**
 * Stores a code that Shopify now holds, with its audit event, in one transaction. A unique violation (the code
 * or the Shopify discount already stored) propagates so the caller can compensate in Shopify.
 */
export function storeCreatorCode(
  db: Database,
  input: { shop: string; creatorId: string; actor: string; code: string; discount: ShopifyCodeDiscount; currency: string; linkedExisting: boolean; now?: Date },
) {
  const now = input.now ?? new Date();
  const fields = rowFieldsFromShopify(input.discount, input.currency);
  return db.$transaction(async (tx) => {
    const inserted = await tx.discountCode.create({
      data: {
        shop: input.shop,
        creatorId: input.creatorId,
        code: input.code,
        codeNormalized: input.code.toUpperCase(),
        shopifyDiscountId: input.discount.id,
        linkedExisting: input.linkedExisting,
        ...fields,
      },
    });
    // Usable in Shopify from its start (a linked code may be years old; a new one starts "now" by Shopify's clock,
    // which may be a moment before ours); an expired linked code stopped at its end.
    const activeSince = new Date(Math.min(fields.startsAt.getTime(), now.getTime()));
    await recordCodeStatusChange(tx, { shop: input.shop, codeId: inserted.id, status: "active", since: activeSince, actor: input.actor });
    if (fields.status !== "active") {
      await recordCodeStatusChange(tx, { shop: input.shop, codeId: inserted.id, status: fields.status, since: fields.endsAt ?? now, actor: input.actor });
    }
    await recordAuditEvent(tx, {
      shop: input.shop,
      actor: input.actor,
      action: input.linkedExisting ? "discount_code.linked" : "discount_code.created",
      subjectType: "creator",
      subjectId: input.creatorId,
      details: { codeId: inserted.id, code: inserted.code, shopifyDiscountId: input.discount.id },
    });
    return inserted;
  });
}
