/** GET /api/v1/payouts?creatorId=&from=&to= */
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput, readQuery } from "../api/parse-api-input.server";
import { listPayoutsQuerySchema } from "../api/schemas/money-flow-schemas";
import db from "../db.server";
import { listPayoutsViaApi } from "../services/api/api-commissions.server";

const route = createApiRoute(db, {
  GET: {
    scope: "read",
    async handle({ db, caller, url }) {
      return { status: 200, body: await listPayoutsViaApi(db, caller, parseApiInput(listPayoutsQuerySchema, readQuery(url))) };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
