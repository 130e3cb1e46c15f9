/**
 * Cursor pagination, newest first, on (createdAt, id): stable while rows are added, and the cursor is opaque
 * (base64url of the last row's position) so callers never build one by hand.
 */
import { validationProblem } from "./problem.server";

export interface PagePosition {
  createdAt: Date;
  id: string;
}

export function encodeCursor(position: PagePosition): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`, "utf8").toString("base64url");
}

export function decodeCursor(cursor: string | undefined): PagePosition | null {
  if (cursor === undefined || cursor === "") return null;
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const createdAt = new Date(at ?? "");
  if (id === undefined || id === "" || Number.isNaN(createdAt.getTime())) {
    throw validationProblem([{ field: "cursor", message: "Pass the nextCursor of the previous page unchanged." }]);
  }
  return { createdAt, id };
}

/** The Prisma `where` fragment for rows after the cursor in (createdAt desc, id desc) order. */
export function afterCursorWhere(position: PagePosition | null) {
  if (position === null) return {};
  return {
    OR: [{ createdAt: { lt: position.createdAt } }, { createdAt: position.createdAt, id: { lt: position.id } }],
  };
}

export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** Rows were fetched with `take: limit + 1`: the extra row only says there is a next page. */
export function toPage<Row extends PagePosition, Item>(rows: Row[], limit: number, serialize: (row: Row) => Item) {
  const pageRows = rows.slice(0, limit);
  const last = pageRows.at(-1);
  return { data: pageRows.map(serialize), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}
