const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/**
 * "12.5" (or "12.5%") → 1250 basis points, exactly (digits are moved, never multiplied as floats). At most two
 * decimals (a basis point is 0.01 %) and at most 100 %. Null when the text is not such a percentage; the caller
 * words the error for its field.
 */
export function parsePercentText(text: string): number | null {
  const match = PERCENT.exec(text.trim().replace(/%$/, "").trim());
  if (match === null) return null;
  const [, whole = "0", fraction = ""] = match;
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return basisPoints <= 10_000 ? basisPoints : null;
}

/** 1250 → "12.5", 1000 → "10", 725 → "7.25". */
export function formatPercentText(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/**
 * Shopify's DiscountPercentage is a Float fraction (0.125 for 12.5 %). Basis points / 10 000 prints exactly for every
 * whole basis point; reading back, rounding to the nearest basis point removes the float's representation noise.
 */
export function basisPointsToFraction(basisPoints: number): number {
  return basisPoints / 10_000;
}

export function fractionToBasisPoints(fraction: number): number {
  return Math.round(fraction * 10_000);
}
