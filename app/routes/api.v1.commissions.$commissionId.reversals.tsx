/** POST /api/v1/commissions/{commissionId}/reversals: full or partial reversal with a reason; Idempotency-Key required. */
import { createApiRoute } from "../api/create-api-route.server";
import { readIdempotencyKey } from "../api/idempotency.server";
import { parseApiInput } from "../api/parse-api-input.server";
import { createReversalBodySchema } from "../api/schemas/money-flow-schemas";
import db from "../db.server";
import { reverseCommissionViaApi } from "../services/api/api-commissions.server";

const route = createApiRoute(db, {
  POST: {
    scope: "read_write",
    idempotency: "required",
    async handle({ db, caller, params, body, request, now }) {
      const input = parseApiInput(createReversalBodySchema, body);
      // The pipeline already refused a request without the key; it is also the ledger event's key.
      const idempotencyKey = readIdempotencyKey(request) ?? "";
      return { status: 201, body: await reverseCommissionViaApi(db, caller, { commissionId: params.commissionId ?? "", idempotencyKey, body: input, now }) };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
