/** GET /api/v1/creators (list, cursor-paginated) and POST /api/v1/creators (create). */
import { buildApiCreatorDeps } from "../api/build-api-creator-deps.server";
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput, readQuery } from "../api/parse-api-input.server";
import { createCreatorBodySchema, listCreatorsQuerySchema } from "../api/schemas/creator-schemas";
import db from "../db.server";
import { createCreatorViaApi, listCreatorsViaApi } from "../services/api/api-creators.server";

const route = createApiRoute(db, {
  GET: {
    scope: "read",
    async handle({ db, caller, url }) {
      return { status: 200, body: await listCreatorsViaApi(db, caller, parseApiInput(listCreatorsQuerySchema, readQuery(url))) };
    },
  },
  POST: {
    scope: "read_write",
    idempotency: "optional",
    async handle({ db, caller, body }) {
      const input = parseApiInput(createCreatorBodySchema, body);
      return { status: 201, body: await createCreatorViaApi(await buildApiCreatorDeps(db, caller.shop), caller, input) };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
