/*
 * Refund abuse (history rule): over the window, the share of a creator's orders that were refunded or cancelled is
 * above the program's rate × `threshold` and above `minRate`, with at least `minOrders` orders. The counts are in the
 * words. patternKey "refund_rate". The window's orders are the ones held (refunded ones are already reversed by the
 * refund itself; the hold keeps the rest from being paid while someone looks). Near miss: the same rate with
 * minOrders − 1 orders, or a rate just under the bar.
 */
import type { RiskVerdict } from "../fraud-types";
import { addDays } from "../../reporting/add-days";
import { defineHistoryRule } from "./define-fraud-rule";
import { evidenceOrders, fact, percent, plural } from "./rule-words";

export const refundAbuseRule = defineHistoryRule({
  id: "refund_abuse",
  title: "Refund abuse",
  evaluate: (input, settings): RiskVerdict[] => {
    const windowStart = addDays(input.today, -(settings.windowDays - 1));
    const programRate = input.program.refundRate + input.program.cancelRate;
    const bar = Math.max(programRate * settings.threshold, settings.minRate);
    const verdicts: RiskVerdict[] = [];
    for (const creator of input.creators) {
      if (creator.windowOrders.length < settings.minOrders) continue;
      const orders = creator.windowOrders.filter((order) => order.day >= windowStart && order.day <= input.today);
      if (orders.length < settings.minOrders) continue;
      let refunded = 0;
      let cancelled = 0;
      let bad = 0;
      for (const order of orders) {
        if (order.refunded) refunded += 1;
        if (order.cancelled) cancelled += 1;
        if (order.refunded || order.cancelled) bad += 1;
      }
      const rate = bad / orders.length;
      // The bar is a product of floats (0.15 × 3 = 0.4499…): a rate equal to it up to rounding is a near miss.
      if (rate <= bar + 1e-9) continue;
      verdicts.push({
        rule: "refund_abuse",
        creatorId: creator.creatorId,
        severity: rate >= Math.min(1, bar * 2) ? "high" : "medium",
        patternKey: "refund_rate",
        summary: `${bad} of ${plural(orders.length, "order")} from ${creator.name} in the last ${plural(settings.windowDays, "day")} (${percent(rate)}) were refunded (${refunded}) or cancelled (${cancelled}); the program's rate is ${percent(programRate)} (flag above ${percent(bar)}).`,
        evidence: {
          facts: [
            fact("Orders in the window", orders.length),
            fact("Refunded", refunded),
            fact("Cancelled", cancelled),
            fact("Program's refund rate", percent(input.program.refundRate)),
            fact("Program's cancellation rate", percent(input.program.cancelRate)),
          ],
          compared: [{ metric: "Refunded or cancelled share", observed: rate, baseline: programRate, threshold: bar, unit: "share" }],
          orders: evidenceOrders(
            orders.filter((order) => order.refunded || order.cancelled),
            (order) => (order.refunded && order.cancelled ? "refunded and cancelled" : order.refunded ? "refunded" : "cancelled"),
          ),
        },
        orderIds: orders.map((order) => order.orderId),
        holdScope: "orders",
      });
    }
    return verdicts;
  },
});
