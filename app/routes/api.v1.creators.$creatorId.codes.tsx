/** GET /api/v1/creators/{creatorId}/codes and POST (creates the discount in Shopify, as the admin does). */
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput } from "../api/parse-api-input.server";
import { createCodeBodySchema } from "../api/schemas/code-link-schemas";
import { createShopAdminClient } from "../api/shop-admin-client.server";
import db from "../db.server";
import { createCreatorCodeViaApi, listCreatorCodesViaApi } from "../services/api/api-creator-codes-and-links.server";

const route = createApiRoute(db, {
  GET: {
    scope: "read",
    async handle({ db, caller, params }) {
      return { status: 200, body: await listCreatorCodesViaApi(db, caller, params.creatorId ?? "") };
    },
  },
  POST: {
    // Its own scope: a code is money off for shoppers (see app/api/api-key-scopes.ts).
    scope: "read_write_codes",
    idempotency: "optional",
    async handle({ db, caller, params, body }) {
      const input = parseApiInput(createCodeBodySchema, body);
      const admin = createShopAdminClient(caller.shop);
      return { status: 201, body: await createCreatorCodeViaApi({ db, admin }, caller, params.creatorId ?? "", input) };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
