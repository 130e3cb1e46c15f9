/**
 * Commissions and payouts for the public API: lists (filtered, cursor-paginated, newest first) and reversals
 * through reverseCommission, the admin's own use case (same ledger event, same clawback rules).
 */
import type { z } from "zod";
import type { ApiCaller } from "../../api/authenticate-api-key.server";
import { afterCursorWhere, decodeCursor, NEWEST_FIRST, toPage } from "../../api/paginate.server";
import { ApiProblem, validationProblem } from "../../api/problem.server";
import type { commissionSchema, createReversalBodySchema, listCommissionsQuerySchema, listPayoutsQuerySchema, payoutSchema } from "../../api/schemas/money-flow-schemas";
import { toJsonMinor } from "../../api/serialize-money";
import type { Database } from "../../db.server";
import { createMoney } from "../../domain/money";
import type { Commission, Payout } from "../../generated/prisma/client";
import { reverseCommission } from "../orders-commissions/change-commission-status.server";

function serializeCommission(commission: Commission): z.input<typeof commissionSchema> {
  return {
    id: commission.id,
    orderId: commission.shopifyOrderId,
    creatorId: commission.creatorId,
    status: commission.status,
    currency: commission.currency,
    netMinor: toJsonMinor(commission.netMinor),
    paidMinor: toJsonMinor(commission.paidMinor),
    owedMinor: toJsonMinor(commission.netMinor - commission.paidMinor),
    orderCreatedAt: commission.orderCreatedAt.toISOString(),
    createdAt: commission.createdAt.toISOString(),
  };
}

function serializePayout(payout: Payout): z.input<typeof payoutSchema> {
  return {
    id: payout.id,
    creatorId: payout.creatorId,
    currency: payout.currency,
    amountMinor: toJsonMinor(payout.amountMinor),
    commissionCount: payout.commissionCount,
    method: payout.method,
    reference: payout.reference,
    createdAt: payout.createdAt.toISOString(),
  };
}

function readRange(query: { from?: string | undefined; to?: string | undefined }) {
  const range = { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) };
  return Object.keys(range).length > 0 ? range : undefined;
}

/** Filters by order date (from/to), status and creator. */
export async function listCommissionsViaApi(db: Database, caller: ApiCaller, query: z.output<typeof listCommissionsQuerySchema>) {
  const orderCreatedAt = readRange(query);
  const rows = await db.commission.findMany({
    where: {
      shop: caller.shop,
      ...(query.status ? { status: query.status } : {}),
      ...(query.creatorId ? { creatorId: query.creatorId } : {}),
      ...(orderCreatedAt ? { orderCreatedAt } : {}),
      ...afterCursorWhere(decodeCursor(query.cursor)),
    },
    orderBy: NEWEST_FIRST,
    take: query.limit + 1,
  });
  return toPage(rows, query.limit, serializeCommission);
}

export async function listPayoutsViaApi(db: Database, caller: ApiCaller, query: z.output<typeof listPayoutsQuerySchema>) {
  const createdAt = readRange(query);
  const rows = await db.payout.findMany({
    where: {
      shop: caller.shop,
      ...(query.creatorId ? { creatorId: query.creatorId } : {}),
      ...(createdAt ? { AND: [{ createdAt }] } : {}),
      ...afterCursorWhere(decodeCursor(query.cursor)),
    },
    orderBy: NEWEST_FIRST,
    take: query.limit + 1,
  });
  return toPage(rows, query.limit, serializePayout);
}

/**
 * Reverses all (amountMinor absent) or part of a commission. The Idempotency-Key is also the ledger event key,
 * so even a retry that outlives the stored API response reverses once.
 */
export async function reverseCommissionViaApi(
  db: Database,
  caller: ApiCaller,
  input: { commissionId: string; idempotencyKey: string; body: z.output<typeof createReversalBodySchema>; now: Date },
) {
  const amount = input.body.amountMinor == null ? null : createMoney(BigInt(input.body.amountMinor), caller.currency);
  const result = await reverseCommission({
    db,
    shop: caller.shop,
    commissionId: input.commissionId,
    amount,
    reason: input.body.reason,
    actor: caller.actor,
    eventKey: `api:${caller.keyId}:${input.idempotencyKey}`,
    now: input.now,
  });
  if (!result.ok) {
    if (result.status === 404) throw new ApiProblem("not_found", result.message);
    if (result.status === 409) throw new ApiProblem("conflict", result.message);
    throw validationProblem([{ field: input.body.amountMinor == null ? "reason" : "amountMinor", message: result.message }]);
  }
  const commission = await db.commission.findFirstOrThrow({ where: { shop: caller.shop, id: input.commissionId } });
  return {
    commission: serializeCommission(commission),
    replayed: result.replayed,
    entries: result.entries.map((entry) => ({
      kind: entry.kind,
      amountMinor: toJsonMinor(entry.amountMinor),
      currency: entry.currency,
      statusAfter: entry.statusAfter,
      note: entry.note,
      createdAt: entry.createdAt.toISOString(),
    })),
  };
}
