/**
 * Who is acting, for the audit trail: "staff:<Shopify user id>" from the session token of an embedded request
 * (its `sub`). Requests without one (not embedded) are recorded as "staff:unknown" rather than guessed.
 */
export function readStaffActor(context: object): string {
  const token = "sessionToken" in context ? (context as { sessionToken?: { sub?: unknown } }).sessionToken : undefined;
  return typeof token?.sub === "string" && token.sub !== "" ? `staff:${token.sub}` : "staff:unknown";
}

/** The staff member's Shopify user id (the session token's `sub`), or null when the request carries no token. */
export function readStaffUserId(context: object): string | null {
  const token = "sessionToken" in context ? (context as { sessionToken?: { sub?: unknown } }).sessionToken : undefined;
  return typeof token?.sub === "string" && token.sub !== "" ? token.sub : null;
}
