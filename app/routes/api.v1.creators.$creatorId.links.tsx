/** GET /api/v1/creators/{creatorId}/links and POST (a referral link with optional UTM parameters). */
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput } from "../api/parse-api-input.server";
import { createLinkBodySchema } from "../api/schemas/code-link-schemas";
import db from "../db.server";
import { createCreatorLinkViaApi, listCreatorLinksViaApi } from "../services/api/api-creator-codes-and-links.server";

const route = createApiRoute(db, {
  GET: {
    scope: "read",
    async handle({ db, caller, params }) {
      return { status: 200, body: await listCreatorLinksViaApi(db, caller, params.creatorId ?? "") };
    },
  },
  POST: {
    scope: "read_write",
    idempotency: "optional",
    async handle({ db, caller, params, body }) {
      const input = parseApiInput(createLinkBodySchema, body);
      return { status: 201, body: await createCreatorLinkViaApi(db, caller, params.creatorId ?? "", input) };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
