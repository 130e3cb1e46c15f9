/** POST /api/v1/customers: link a customer to the creator who referred them (lifetime attribution). */
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput } from "../api/parse-api-input.server";
import { linkCustomerBodySchema } from "../api/schemas/money-flow-schemas";
import db from "../db.server";
import { linkCustomerViaApi } from "../services/api/api-customer-referrals.server";

const route = createApiRoute(db, {
  POST: {
    scope: "read_write",
    idempotency: "optional",
    async handle({ db, caller, body, now }) {
      return linkCustomerViaApi(db, caller, parseApiInput(linkCustomerBodySchema, body), now);
    },
  },
});

export const loader = route.loader;
export const action = route.action;
