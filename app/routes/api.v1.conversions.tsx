/** POST /api/v1/conversions: record a sale made outside Shopify checkout; Idempotency-Key required. */
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput } from "../api/parse-api-input.server";
import { recordConversionBodySchema } from "../api/schemas/money-flow-schemas";
import db from "../db.server";
import { recordConversion } from "../services/orders-commissions/record-conversion.server";

const route = createApiRoute(db, {
  POST: {
    scope: "read_write",
    idempotency: "required",
    async handle({ db, caller, body, now }) {
      const recorded = await recordConversion(db, caller, parseApiInput(recordConversionBodySchema, body), now);
      // A retry with the same Idempotency-Key gets this body back with replayed: true (create-api-route).
      return { status: 201, body: { ...recorded, replayed: false } };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
