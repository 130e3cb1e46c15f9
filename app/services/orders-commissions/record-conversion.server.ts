/**
 * POST /api/v1/conversions: a sale made outside Shopify checkout (headless storefront, custom checkout, another
 * channel), recorded exactly like a Shopify order: an AttributedOrder (source "api", id "api:<external id>"), the
 * commission computed by the same engine (evaluateOrderCommission: program rules, product rates, tiers, cap) and
 * accrued by the same reducer (applyEvent) into the same ledger (appendEntries). The unique (shop, orderId) key
 * makes a second conversion for one external order a 409, whatever Idempotency-Key it carries.
 */
import type { z } from "zod";
import type { ApiCaller } from "../../api/authenticate-api-key.server";
import { convertWithExchangeRate } from "../../api/convert-with-exchange-rate";
import { ApiProblem, validationProblem } from "../../api/problem.server";
import type { conversionSchema, recordConversionBodySchema } from "../../api/schemas/money-flow-schemas";
import { toJsonMinor } from "../../api/serialize-money";
import type { Database } from "../../db.server";
import type { AttributionDecision } from "../../domain/attribution";
import type { CommissionLineItem, CommissionOrder, MoneyPair } from "../../domain/commission";
import { applyEvent, type OrderCreatedEvent } from "../../domain/ledger";
import { createMoney, getCurrencyExponent, type Money } from "../../domain/money";
import type { Creator, Prisma } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";
import { toLedgerJson } from "../../db/ledger-json";
import { orderEventKey } from "../../webhooks/orders/read-order-payload";
import { findNamedCreator } from "../api/api-customer-referrals.server";
import { ensureSettingsVersion } from "../../repositories/program-settings-version-repository.server";
import { createAccruedCommission } from "./commission-ledger.server";
import { retierLaterOrders } from "./retier-later-orders.server";
import { evaluateOrderCommission } from "./evaluate-order-commission.server";
import { loadProgramSettings } from "../program/program-settings.server";

type ConversionBody = z.output<typeof recordConversionBodySchema>;
/** The service records; whether the answer is a replay is the API layer's to say (create-api-route). */
type ConversionJson = Omit<z.input<typeof conversionSchema>, "replayed">;

export async function recordConversion(db: Database, caller: ApiCaller, body: ConversionBody, now: Date): Promise<ConversionJson> {
  const toShopMoney = readConversionRate(body, caller.currency);
  const lineItems = buildLineItems(body, toShopMoney);
  const creator = await resolveCreator(db, caller.shop, body);
  if (creator.status !== "approved") {
    throw validationProblem([{ field: body.creatorId ? "creatorId" : body.refToken ? "refToken" : "customerId", message: `The creator is ${creator.status}; only approved creators earn commission. Approve them first (PATCH /creators/{id}).` }]);
  }
  const settings = await loadProgramSettings(db, caller.shop);
  const orderId = `api:${body.externalOrderId}`;
  const orderCreatedAt = body.occurredAt === undefined ? now : new Date(body.occurredAt);
  const commissionOrder: CommissionOrder = {
    orderId,
    shopCurrency: caller.currency,
    presentmentCurrency: body.currency,
    taxesIncluded: false,
    lineItems,
    unallocatedOrderDiscount: pair(0n, 0n, caller.currency, body.currency),
    customerPreviousOrderCount: null,
  };
  const decision: AttributionDecision = {
    creatorId: creator.id,
    signal: null,
    reason: `Recorded through the API by key ${caller.keyId}, naming the creator by ${body.creatorId ? "id" : body.refToken ? "ref token" : "the customer's referral link (POST /customers)"}.`,
    considered: [],
    flags: [],
  };
  try {
    return await db.$transaction(async (tx) => {
      const pricing = await ensureSettingsVersion(tx, settings, now);
      const derivation = await evaluateOrderCommission(tx, pricing, creator, { shopifyOrderId: orderId, createdAt: orderCreatedAt, label: body.externalOrderId, commission: commissionOrder });
      const accrual: OrderCreatedEvent = { type: "order_created", eventId: orderEventKey(orderId), orderId, creatorId: creator.id, orderCreatedAt, test: false, commission: derivation };
      const result = applyEvent(null, accrual, now, { includeTestOrders: settings.includeTestOrders });
      if (result.outcome !== "applied") throw new Error(`Conversion ${body.externalOrderId}: the ledger refused the accrual (${result.reason}).`);
      await tx.attributedOrder.create({
        data: {
          shop: caller.shop,
          shopifyOrderId: orderId,
          shopifyOrderLegacyId: orderId,
          name: body.externalOrderId,
          orderCreatedAt,
          currency: caller.currency,
          presentmentCurrency: body.currency,
          baseMinor: derivation.base.shop.amountMinor,
          presentmentBaseMinor: derivation.base.presentment.amountMinor,
          customerId: body.customerId ?? null,
          test: false,
          attribution: toLedgerJson(decision) as Prisma.InputJsonValue,
          creatorId: creator.id,
          status: "attributed",
          source: "api",
          sourceWebhookEventId: caller.actor,
          recordedAt: now,
        },
      });
      const commission = await createAccruedCommission(tx, { shop: caller.shop, actor: caller.actor }, {
        orderId, creatorId: creator.id, orderCreatedAt, derivation, state: result.state, entries: result.entries,
        settingsVersionId: pricing.id, pricedOrder: commissionOrder,
      }, now);
      // A conversion dated before others of the creator's tier period re-tiers them, like a late Shopify order.
      await retierLaterOrders(tx, { shop: caller.shop, actor: caller.actor }, { creatorId: creator.id, shopifyOrderId: orderId, label: body.externalOrderId, placedAt: orderCreatedAt }, settings, now);
      await recordAuditEvent(tx, {
        shop: caller.shop,
        actor: caller.actor,
        action: "conversion.recorded",
        subjectType: "commission",
        subjectId: commission.id,
        details: { orderId, amountMinor: String(body.amountMinor), currency: body.currency, exchangeRate: body.exchangeRate ?? null },
      });
      return {
        orderId,
        externalOrderId: body.externalOrderId,
        creatorId: creator.id,
        currency: caller.currency,
        baseMinor: toJsonMinor(derivation.base.shop.amountMinor),
        presentmentCurrency: body.currency,
        presentmentBaseMinor: toJsonMinor(derivation.base.presentment.amountMinor),
        commission: { id: commission.id, status: commission.status, amountMinor: toJsonMinor(commission.netMinor), explanation: [...derivation.explanation] },
      };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new ApiProblem("conflict", `A conversion for order ${body.externalOrderId} is already recorded. To correct it, reverse its commission (POST /commissions/{id}/reversals).`);
  }
}

/** Turns an amount in the conversion's currency into shop money: as is, or with the explicit exchangeRate. */
function readConversionRate(body: ConversionBody, shopCurrency: string): (minor: bigint) => Money {
  try {
    getCurrencyExponent(body.currency);
  } catch {
    throw validationProblem([{ field: "currency", message: `Affable does not know the currency ${body.currency}. Use an ISO 4217 code.` }]);
  }
  if (body.currency === shopCurrency) {
    if (body.exchangeRate !== undefined && !/^1(?:\.0+)?$/.test(body.exchangeRate)) {
      throw validationProblem([{ field: "exchangeRate", message: `The conversion is already in the shop currency (${shopCurrency}); leave exchangeRate out.` }]);
    }
    return (minor) => createMoney(minor, shopCurrency);
  }
  const rate = body.exchangeRate;
  if (rate !== undefined && /^0(?:\.0+)?$/.test(rate)) {
    throw validationProblem([{ field: "exchangeRate", message: "An exchange rate of zero would make the sale worth nothing; send the real rate." }]);
  }
  if (rate === undefined) {
    throw validationProblem([
      { field: "exchangeRate", message: `The shop's currency is ${shopCurrency} and this sale is in ${body.currency}: send exchangeRate (${shopCurrency} per 1 ${body.currency}, e.g. "1.0825"), or convert the amount yourself.` },
    ]);
  }
  return (minor) => convertWithExchangeRate(createMoney(minor, body.currency), shopCurrency, rate);
}

function pair(shopMinor: bigint, presentmentMinor: bigint, shopCurrency: string, presentmentCurrency: string): MoneyPair {
  return { shop: createMoney(shopMinor, shopCurrency), presentment: createMoney(presentmentMinor, presentmentCurrency) };
}

/**
 * The conversion as the commission engine's line items (shop and presentment money). Without lineItems it is one
 * line worth amountMinor; with them their total must equal amountMinor, so the two can never disagree.
 */
function buildLineItems(body: ConversionBody, toShopMoney: (minor: bigint) => Money): CommissionLineItem[] {
  const toPair = (minor: bigint): MoneyPair => ({ shop: toShopMoney(minor), presentment: createMoney(minor, body.currency) });
  const lines = body.lineItems ?? [{ id: "api:total", productId: null, quantity: 1, unitPriceMinor: body.amountMinor, discountMinor: 0 }];
  const seen = new Set<string>();
  let total = 0n;
  const items = lines.map((line, index): CommissionLineItem => {
    if (seen.has(line.id)) throw validationProblem([{ field: `lineItems.${index}.id`, message: `Line id ${line.id} is used twice; give every line its own id.` }]);
    seen.add(line.id);
    const gross = BigInt(line.unitPriceMinor) * BigInt(line.quantity);
    const discount = BigInt(line.discountMinor ?? 0);
    if (discount > gross) throw validationProblem([{ field: `lineItems.${index}.discountMinor`, message: "The discount is larger than the line's price × quantity." }]);
    total += gross - discount;
    return {
      lineItemId: line.id,
      productId: line.productId ?? null,
      collectionIds: [],
      quantity: line.quantity,
      unitPrice: toPair(BigInt(line.unitPriceMinor)),
      discountAllocations: discount > 0n ? [toPair(discount)] : [],
      taxLines: [],
      giftCard: false,
      tip: false,
    };
  });
  if (total !== BigInt(body.amountMinor)) {
    throw validationProblem([{ field: "amountMinor", message: `amountMinor is ${body.amountMinor} but the line items add up to ${total}; they must agree.` }]);
  }
  return items;
}

async function resolveCreator(db: Database, shop: string, body: ConversionBody): Promise<Creator> {
  if (body.creatorId !== undefined && body.refToken !== undefined) {
    throw validationProblem([{ field: "creatorId", message: "Name the creator with creatorId or refToken, not both." }]);
  }
  if (body.creatorId !== undefined || body.refToken !== undefined) return findNamedCreator(db, shop, body);
  if (body.customerId !== undefined) {
    const referral = await db.customerReferral.findUnique({ where: { shop_customerId: { shop, customerId: body.customerId } } });
    if (referral !== null) return findNamedCreator(db, shop, { creatorId: referral.creatorId });
    throw validationProblem([{ field: "customerId", message: "This customer is not linked to a creator (POST /customers); name the creator with creatorId or refToken." }]);
  }
  throw validationProblem([{ field: "creatorId", message: "Name the creator: creatorId, refToken, or a customerId linked with POST /customers." }]);
}
