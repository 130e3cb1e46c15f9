/**
 * The domain's values (bigints, Dates, Money, Rate) as JSON columns and back. A bigint is stored as
 * {"$bigint":"123"} and a Date as {"$date":"2026-11-20T17:31:37.000Z"}, so no amount ever passes through a float.
 */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function toLedgerJson(value: unknown): JsonValue {
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(toLedgerJson);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined).map(([key, item]) => [key, toLedgerJson(item)]));
  }
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value === null) return value;
  throw new TypeError(`Cannot store a ${typeof value} in a ledger JSON column.`);
}

/** The inverse of toLedgerJson. The caller names the type it wrote; the columns are only written by this code. */
export function fromLedgerJson<T>(json: unknown): T {
  return revive(json) as T;
}

function revive(json: unknown): unknown {
  if (Array.isArray(json)) return json.map(revive);
  if (json !== null && typeof json === "object") {
    const record = json as Record<string, unknown>;
    const keys = Object.keys(record);
    if (keys.length === 1 && typeof record.$bigint === "string") return BigInt(record.$bigint);
    if (keys.length === 1 && typeof record.$date === "string") return new Date(record.$date);
    return Object.fromEntries(keys.map((key) => [key, revive(record[key])]));
  }
  return json;
}
