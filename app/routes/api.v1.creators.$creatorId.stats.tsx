/** GET /api/v1/creators/{creatorId}/stats?from=…&to=… */
import { createApiRoute } from "../api/create-api-route.server";
import { parseApiInput, readQuery } from "../api/parse-api-input.server";
import { creatorStatsQuerySchema } from "../api/schemas/creator-schemas";
import db from "../db.server";
import { loadCreatorStats } from "../services/api/api-creator-stats.server";

const route = createApiRoute(db, {
  GET: {
    scope: "read",
    async handle({ db, caller, params, url }) {
      const query = parseApiInput(creatorStatsQuerySchema, readQuery(url));
      return { status: 200, body: await loadCreatorStats(db, caller, params.creatorId ?? "", query) };
    },
  },
});

export const loader = route.loader;
export const action = route.action;
