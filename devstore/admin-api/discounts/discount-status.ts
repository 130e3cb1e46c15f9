/**
 * A code discount's status, derived as Shopify derives it: from its active period and the clock, never stored.
 * Deactivating sets the end date to now, so a deactivated discount reads EXPIRED.
 */
import type { DiscountView } from "../admin-api-context.ts";

export type DiscountStatus = "ACTIVE" | "EXPIRED" | "SCHEDULED";

export function deriveDiscountStatus(discount: Pick<DiscountView, "startsAt" | "endsAt">, now: Date): DiscountStatus {
  const time = now.getTime();
  if (discount.endsAt !== null && Date.parse(discount.endsAt) <= time) return "EXPIRED";
  if (Date.parse(discount.startsAt) > time) return "SCHEDULED";
  return "ACTIVE";
}
