/**
 * What the admin shell reads from the devstore's context: the shop, the origins, the installed app, the state (for
 * the shop's name and its account owner) and the clock.
 */
import type { DevstoreContext } from "../context.ts";
import type { StaffMemberRecord } from "../state/state-schema.ts";

export type ShellContext = Pick<DevstoreContext, "shop" | "adminOrigin" | "appUrl" | "app" | "state" | "now" | "webhooks">;

/** The staff member looking at the admin: the `sub` of the session tokens it mints. */
export type StaffMember = Pick<StaffMemberRecord, "id" | "firstName" | "lastName" | "email" | "accountOwner" | "locale">;

export function nowSeconds(ctx: Pick<ShellContext, "now">): number {
  return Math.floor(ctx.now().getTime() / 1000);
}

/** `affable-demo.myshopify.com` → `affable-demo`: the handle in admin URLs (`/store/{handle}/…`). */
export function shopHandle(shop: string): string {
  return shop.replace(/\.myshopify\.com$/i, "");
}
