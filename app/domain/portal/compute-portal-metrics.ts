import { divideHalfEven, type Money } from "../money";

export interface PortalMetrics {
  /** Link orders ÷ link clicks as "3.2%" (one decimal), or "—" without clicks. */
  readonly conversionRateText: string;
  /** Commission earned on link orders ÷ link clicks, in minor units (half-even), or null without clicks. */
  readonly earningsPerClick: Money | null;
  /** Orders that came through the creator's discount code: shown on their own, never divided by clicks. */
  readonly codeOrders: number;
}

/**
 * Conversion rate = orders that came through the creator's links ÷ clicks on those links; earnings per click =
 * commission earned on those link orders ÷ the same clicks, in integer minor units. Orders through a discount code
 * have no click, so they are counted apart: dividing them by clicks read 200 % for a creator whose code does well.
 * A link order can still lack a recorded click (a shopper who declined tracking), so the rate is not capped.
 */
export function computePortalMetrics(input: { clicks: number; linkOrders: number; codeOrders: number; linkEarned: Money }): PortalMetrics {
  if (input.clicks <= 0) return { conversionRateText: "—", earningsPerClick: null, codeOrders: input.codeOrders };
  const tenthsOfPercent = divideHalfEven(BigInt(input.linkOrders) * 1000n, BigInt(input.clicks));
  const whole = tenthsOfPercent / 10n;
  const tenth = tenthsOfPercent % 10n;
  return {
    conversionRateText: `${whole}.${tenth}%`,
    earningsPerClick: { amountMinor: divideHalfEven(input.linkEarned.amountMinor, BigInt(input.clicks)), currency: input.linkEarned.currency },
    codeOrders: input.codeOrders,
  };
}
