/**
 * Whether the staff member behind a session token is the store's Shopify account owner, and their name. Shopify says
 * so only in an online access token's `associated_user` (account_owner, first_name, last_name), so this asks for one
 * by token exchange (the same endpoint
 * the library uses for Affable's offline token) and reads that flag; the online token itself is not kept or logged.
 * Called once per staff member, the first time Affable sees them (record-staff-visit.server.ts).
 */
import { z } from "zod";

const answerSchema = z.object({
  associated_user: z.object({
    id: z.union([z.number(), z.string()]),
    account_owner: z.boolean(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
  }),
});

/** What Shopify says about a staff member: whether they own the store, and their name (for Settings › Staff). */
export interface ShopifyStaffIdentity {
  accountOwner: boolean;
  displayName: string | null;
}

export class AccountOwnerLookupError extends Error {
  override name = "AccountOwnerLookupError";
}

/** The raw session token of an embedded request: `Authorization: Bearer …` (fetches) or `id_token` (document loads). */
export function readSessionTokenText(request: Request): string | null {
  const header = request.headers.get("authorization");
  const bearer = header?.startsWith("Bearer ") ? header.slice("Bearer ".length).trim() : "";
  if (bearer !== "") return bearer;
  const fromUrl = new URL(request.url).searchParams.get("id_token");
  return fromUrl !== null && fromUrl !== "" ? fromUrl : null;
}

export async function readShopifyStaffIdentity(shop: string, sessionToken: string, app: { apiKey: string; apiSecret: string }): Promise<ShopifyStaffIdentity> {
  const response = await fetch(`https://${shop}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({
      client_id: app.apiKey,
      client_secret: app.apiSecret,
      grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
      subject_token: sessionToken,
      subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
      requested_token_type: "urn:shopify:params:oauth:token-type:online-access-token",
    }),
  });
  if (!response.ok) {
    // The body is Shopify's error description (no token in it); cut short in case it is a page.
    throw new AccountOwnerLookupError(`Shopify answered ${response.status} to the online token exchange: ${(await response.text()).slice(0, 300)}`);
  }
  const parsed = answerSchema.safeParse(await response.json());
  if (!parsed.success) throw new AccountOwnerLookupError("Shopify's online token answer had no associated_user.account_owner.");
  const user = parsed.data.associated_user;
  const displayName = [user.first_name, user.last_name].filter((part) => typeof part === "string" && part.trim() !== "").join(" ").trim().slice(0, 80);
  return { accountOwner: user.account_owner, displayName: displayName === "" ? null : displayName };
}
