import type { AttributionOrder } from "./attribution-types";

/** Cart attribute names written by the theme app embed. Leading underscore: Shopify hides them from buyers. */
export const REFERRAL_ATTRIBUTE = "_affable_ref";
export const REFERRAL_CAPTURED_AT_ATTRIBUTE = "_affable_ref_at";
export const REFERRAL_CLICK_ID_ATTRIBUTE = "_affable_click_id";

export type ReferralAttributes = {
  readonly ref: string | null;
  /** The raw capture time string, validated by the caller (see parseCaptureTime). */
  readonly capturedAt: string | null;
  readonly clickId: string | null;
};

/**
 * Reads the referral the theme embed stored in the cart. If an attribute appears more than once (a theme wrote it
 * twice) the last value wins, because that is the one Shopify's checkout kept most recently. Blank values count
 * as absent.
 */
export function readReferralAttributes(noteAttributes: AttributionOrder["noteAttributes"]): ReferralAttributes {
  const findLastValue = (name: string): string | null => {
    let found: string | null = null;
    for (const attribute of noteAttributes) {
      if (attribute.name === name && attribute.value.trim() !== "") found = attribute.value.trim();
    }
    return found;
  };
  return {
    ref: findLastValue(REFERRAL_ATTRIBUTE),
    capturedAt: findLastValue(REFERRAL_CAPTURED_AT_ATTRIBUTE),
    clickId: findLastValue(REFERRAL_CLICK_ID_ATTRIBUTE),
  };
}
