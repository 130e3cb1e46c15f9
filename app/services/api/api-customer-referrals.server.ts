/**
 * POST /customers: links a customer to the creator who referred them (lifetime attribution). The unique
 * (shop, customerId) key decides, insert-and-catch: linking again to the same creator is a no-op (200), to another
 * creator a 409, since a customer's referrer is never silently reassigned.
 */
import type { z } from "zod";
import type { ApiCaller } from "../../api/authenticate-api-key.server";
import { ApiProblem, validationProblem } from "../../api/problem.server";
import type { linkCustomerBodySchema } from "../../api/schemas/money-flow-schemas";
import type { Database } from "../../db.server";
import type { Creator, CustomerReferral } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";

/** The creator a request names by id or ref token, in the caller's shop; a 422 on the field that named it. */
export async function findNamedCreator(db: Database, shop: string, named: { creatorId?: string | undefined; refToken?: string | undefined }): Promise<Creator> {
  if (named.creatorId !== undefined) {
    const creator = await db.creator.findUnique({ where: { shop_id: { shop, id: named.creatorId } } });
    if (creator === null) throw validationProblem([{ field: "creatorId", message: "No creator with this id in this shop." }]);
    return creator;
  }
  if (named.refToken !== undefined) {
    const creator = await db.creator.findUnique({ where: { shop_refToken: { shop, refToken: named.refToken } } });
    if (creator === null) throw validationProblem([{ field: "refToken", message: "No creator has this ref token in this shop." }]);
    return creator;
  }
  throw validationProblem([{ field: "creatorId", message: "Name the creator with creatorId or refToken." }]);
}

function serializeReferral(referral: CustomerReferral) {
  return { customerId: referral.customerId, creatorId: referral.creatorId, source: referral.source, createdAt: referral.createdAt.toISOString() };
}

export async function linkCustomerViaApi(db: Database, caller: ApiCaller, body: z.output<typeof linkCustomerBodySchema>, now: Date) {
  const creator = await findNamedCreator(db, caller.shop, body);
  try {
    const created = await db.$transaction(async (tx) => {
      const referral = await tx.customerReferral.create({ data: { shop: caller.shop, customerId: body.customerId, creatorId: creator.id, source: "api", createdAt: now } });
      await recordAuditEvent(tx, {
        shop: caller.shop,
        actor: caller.actor,
        action: "customer_referral.created",
        subjectType: "creator",
        subjectId: creator.id,
        details: { customerId: body.customerId },
      });
      return referral;
    });
    return { status: 201, body: serializeReferral(created) };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const existing = await db.customerReferral.findUnique({ where: { shop_customerId: { shop: caller.shop, customerId: body.customerId } } });
  if (existing === null) throw new ApiProblem("conflict", "This customer's link changed just now. Send the request again.");
  if (existing.creatorId !== creator.id) {
    throw new ApiProblem("conflict", `Customer ${body.customerId} is already linked to another creator (${existing.creatorId}) since ${existing.createdAt.toISOString()}. A customer's referrer is never reassigned.`);
  }
  return { status: 200, body: serializeReferral(existing) };
}
