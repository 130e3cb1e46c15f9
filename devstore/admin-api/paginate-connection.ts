/**
 * Relay connections the way Shopify pages them: `first`/`after` or `last`/`before` (one of first or last is
 * required, at most 250), `reverse`, a sort key, and opaque cursors. Shopify's cursors are base64 JSON such as
 * {"last_id":…,"last_value":…}; apps must treat them as opaque, and so do we beyond reading them back.
 */
import { GraphQLError } from "./graphql-runtime.ts";
import { z } from "zod";

export const MAX_PAGE_SIZE = 250;

export const connectionArgsSchema = z.object({
  first: z.number().int().nullish(),
  after: z.string().nullish(),
  last: z.number().int().nullish(),
  before: z.string().nullish(),
  reverse: z.boolean().nullish(),
});

export type ConnectionArgs = z.infer<typeof connectionArgsSchema>;

export interface Connection<Node> {
  edges: { cursor: string; node: Node }[];
  nodes: Node[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export interface PageableItem {
  id: number;
  /** The value of the sort key, recorded in the cursor as Shopify does. */
  sortValue: string | number;
}

/** `items` must already be filtered and sorted by the sort key (ascending); this applies reverse and the window. */
export function paginateConnection<Item extends PageableItem, Node>(
  items: readonly Item[],
  args: ConnectionArgs,
  toNode: (item: Item) => Node,
): Connection<Node> {
  const { first, last } = args;
  if (first == null && last == null) throw new GraphQLError("you must provide one of first or last");
  if (first != null && last != null) throw new GraphQLError("providing both first and last is not supported");
  const size = first ?? last ?? 0;
  if (size < 0 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`The page size (${first != null ? "first" : "last"}: ${size}) must be between 0 and ${MAX_PAGE_SIZE}.`);
  }

  const ordered = args.reverse ? [...items].reverse() : [...items];
  let start = 0;
  let end = ordered.length;
  if (args.after) start = positionOf(ordered, args.after) + 1;
  if (args.before) end = positionOf(ordered, args.before);
  if (end < start) end = start;

  let windowStart = start;
  let windowEnd = end;
  if (first != null) windowEnd = Math.min(end, start + first);
  else windowStart = Math.max(start, end - size);

  const page = ordered.slice(windowStart, windowEnd);
  const edges = page.map((item) => ({ cursor: encodeCursor(item), node: toNode(item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: windowEnd < end || (first == null && windowEnd < ordered.length),
      hasPreviousPage: windowStart > start || (first != null && windowStart > 0),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

function encodeCursor(item: PageableItem): string {
  return Buffer.from(JSON.stringify({ last_id: item.id, last_value: String(item.sortValue) })).toString("base64");
}

const cursorSchema = z.object({ last_id: z.number().int() });

function positionOf(items: readonly PageableItem[], cursor: string): number {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64").toString("utf8"));
  } catch {
    decoded = null;
  }
  const parsed = cursorSchema.safeParse(decoded);
  if (!parsed.success) throw new GraphQLError(`Invalid cursor for current pagination sort: ${cursor}`);
  const index = items.findIndex((item) => item.id === parsed.data.last_id);
  if (index === -1) throw new GraphQLError(`The cursor ${cursor} points at an item that is not in this list (deleted, or from another query).`);
  return index;
}
