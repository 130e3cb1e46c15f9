import { z } from "zod";
import { CREATOR_STATUSES } from "../../domain/creators";
import { CREATOR_SORTS, type CreatorListQuery } from "../../repositories/creator-repository.server";

export const CREATORS_PER_PAGE = 50;

/** The creators list's URL query. A value that does not parse falls back to its default rather than failing the page. */
export const creatorListQuerySchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  status: z.enum(CREATOR_STATUSES).optional().catch(undefined),
  sort: z.enum(CREATOR_SORTS).optional().catch(undefined),
  direction: z.enum(["asc", "desc"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
  ids: z
    .string()
    .optional()
    .transform((value) => (value ? value.split(",").filter(Boolean).slice(0, 1000) : undefined))
    .catch(undefined),
});

export function parseCreatorListQuery(url: URL): CreatorListQuery & { page: number } {
  const parsed = creatorListQuerySchema.parse(Object.fromEntries(url.searchParams));
  return {
    search: parsed.q,
    status: parsed.status,
    sort: parsed.sort ?? "created",
    direction: parsed.direction ?? (parsed.sort === undefined || parsed.sort === "created" ? "desc" : "asc"),
    ids: parsed.ids,
    page: parsed.page ?? 1,
  };
}
