const PERCENT = /^(\d{1,3})(?:\.(\d{1,2}))?$/;

/**
 * Reads a percentage as typed by a merchant ("12.5", "10", "7.25") into basis points (1250, 1000, 725), exactly:
 * the digits are moved, never multiplied as a float. At most two decimals (a basis point is 0.01 %) and at most
 * 100 %. Returns null when the text is not such a percentage; the caller words the error for its field.
 */
export function parsePercentToBasisPoints(text: string): number | null {
  const match = PERCENT.exec(text.trim().replace(/%$/, "").trim());
  if (match === null) return null;
  const [, whole = "0", fraction = ""] = match;
  const basisPoints = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return basisPoints <= 10_000 ? basisPoints : null;
}

/** 1250 → "12.5", 1000 → "10", 725 → "7.25": the inverse, for showing a stored override in the form. */
export function formatBasisPointsAsPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const fraction = String(basisPoints % 100).padStart(2, "0").replace(/0+$/, "");
  return fraction ? `${whole}.${fraction}` : String(whole);
}
