import type { AttributionCode, AttributionCodeStatus } from "./attribution-types";

/**
 * A code's status at the instant an order was placed: the latest change at or before it. Shopify refuses a code
 * that is off at checkout, so this is what decides whether the code can have brought the order, however late the
 * webhook arrives. "not_yet": the order predates the code's first record. A code without history (a plain string,
 * or a row recorded before histories existed) has its current status at any time.
 */
export function findCodeStatusAt(
  code: string | AttributionCode,
  placedAt: Date,
): { status: AttributionCodeStatus | "not_yet"; since: Date | null } {
  if (typeof code === "string") return { status: "active", since: null };
  if (code.history.length === 0) return { status: code.status, since: null };
  const sorted = [...code.history].sort((left, right) => left.since.getTime() - right.since.getTime());
  let current: { status: AttributionCodeStatus | "not_yet"; since: Date | null } = { status: "not_yet", since: sorted[0]?.since ?? null };
  for (const change of sorted) {
    if (change.since.getTime() > placedAt.getTime()) break;
    current = { status: change.status, since: change.since };
  }
  return current;
}

export function readCodeText(code: string | AttributionCode): string {
  return typeof code === "string" ? code : code.code;
}
