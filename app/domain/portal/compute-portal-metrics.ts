import { divideHalfEven, type Money } from "../money";

export interface PortalMetrics {
  /** "3.2%" (one decimal), or "—" without clicks. */
  readonly conversionRateText: string;
  /** Earnings per click in minor units (half-even), or null without clicks. */
  readonly earningsPerClick: Money | null;
}

/**
 * Conversion rate = attributed orders ÷ clicks; earnings per click = commission earned ÷ clicks, in integer minor
 * units. Orders can outnumber clicks (a code typed without a link has no click), so the rate is not capped at 100%.
 */
export function computePortalMetrics(input: { clicks: number; orders: number; earned: Money }): PortalMetrics {
  if (input.clicks <= 0) return { conversionRateText: "—", earningsPerClick: null };
  const tenthsOfPercent = divideHalfEven(BigInt(input.orders) * 1000n, BigInt(input.clicks));
  const whole = tenthsOfPercent / 10n;
  const tenth = tenthsOfPercent % 10n;
  return {
    conversionRateText: `${whole}.${tenth}%`,
    earningsPerClick: { amountMinor: divideHalfEven(input.earned.amountMinor, BigInt(input.clicks)), currency: input.earned.currency },
  };
}
