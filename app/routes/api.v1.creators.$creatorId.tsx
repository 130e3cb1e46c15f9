/** GET /api/v1/creators/{creatorId} and PATCH /api/v1/creators/{creatorId}. */
import { buildApiCreatorDeps } from "../api/build-api-creator-deps.server";
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput } from "../api/parse-api-input.server";
import { updateCreatorBodySchema } from "../api/schemas/creator-schemas";
import db from "../db.server";
import { loadCreatorViaApi, updateCreatorViaApi } from "../services/api/api-creators.server";

const route = createApiRoute(db, {
  GET: {
    scope: "read",
    async handle({ db, caller, params }) {
      return { status: 200, body: await loadCreatorViaApi(db, caller, params.creatorId ?? "") };
    },
  },
  PATCH: {
    scope: "read_write",
    async handle({ db, caller, params, body }) {
      const patch = parseApiInput(updateCreatorBodySchema, body);
      return { status: 200, body: await updateCreatorViaApi(await buildApiCreatorDeps(db, caller.shop), caller, params.creatorId ?? "", patch) };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
