/** GET /api/v1/commissions?status=&creatorId=&from=&to= */
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput, readQuery } from "../api/parse-api-input.server";
import { listCommissionsQuerySchema } from "../api/schemas/money-flow-schemas";
import db from "../db.server";
import { listCommissionsViaApi } from "../services/api/api-commissions.server";

const route = createApiRoute(db, {
  GET: {
    scope: "read",
    async handle({ db, caller, url }) {
      return { status: 200, body: await listCommissionsViaApi(db, caller, parseApiInput(listCommissionsQuerySchema, readQuery(url))) };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
