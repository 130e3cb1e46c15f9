/*
 * Leaked code: the creator's code is being used by people the creator never reached.
 *
 * Order part: an order credited by a code that arrived from a coupon or deal site (referring domain on the maintained
 * list plus the shop's additions, sub-domains included). High when no link or click of the creator was on the order;
 * medium when there was one too (the creator may post on the site themselves: still a leak). patternKey
 * "coupon_site:<site>", so a merchant who agreed to a listing dismisses that one site.
 *
 * History part: over the window, per code, the share of "code-only" orders (no link, ref or click of the creator)
 * against the creator's own share before the window and the program's. Flagged when the share is at least
 * `threshold`, at least `minRiseOverBaseline` above both, from at least `minCodeOrders` orders by
 * `minDistinctCustomers` different customers. A podcaster whose orders were always code-only has a high usual share,
 * so only a rise counts. Near miss: the same share with one customer fewer than the minimum. patternKey "code:<CODE>".
 */
import { matchCouponSite } from "../coupon-sites";
import type { CreatorHistory, HistoryRuleInput, RiskVerdict, WindowOrder } from "../fraud-types";
import type { LeakedCodeSettings } from "../fraud-settings";
import { addDays } from "../../reporting/add-days";
import { defineHistoryRule, defineOrderRule } from "./define-fraud-rule";
import { evidenceOrders, fact, percent, plural, rotateCodeSuggestion } from "./rule-words";

/** A creator's usual code-only share needs this many code orders before the window, else the program's stands alone. */
export const LEAKED_CODE_BASELINE_MIN_ORDERS = 10;

export const leakedCodeOrderRule = defineOrderRule({
  id: "leaked_code",
  title: "Leaked code",
  evaluate: (input, settings): RiskVerdict[] => {
    const { order } = input;
    if (!settings.checkCouponSites || order.creditedCode === null) return [];
    const site = matchCouponSite(order.referringDomain, input.couponSites);
    if (site === null) return [];
    const code = order.creditedCode;
    const summary = order.creatorTouched
      ? `Code ${code} was used on an order that came from ${site}, a coupon site, although the creator's link was on the order too: the code is listed on ${site}.`
      : `Code ${code} was used on an order that came from ${site}, a coupon site, with no link or click from the creator: the code has leaked.`;
    return [
      {
        rule: "leaked_code",
        creatorId: order.creatorId,
        severity: order.creatorTouched ? "medium" : "high",
        patternKey: `coupon_site:${site}`,
        summary,
        evidence: {
          facts: [
            fact("Order", order.orderName ?? order.orderId),
            fact("Code", code),
            fact("Came from", order.referringDomain === site ? site : `${order.referringDomain} (${site})`),
            fact("Creator's link or click on the order", order.creatorTouched ? "yes" : "no"),
          ],
          orders: [{ orderId: order.orderId, name: order.orderName, placedAt: order.placedAt.toISOString(), note: `from ${order.referringDomain}` }],
          suggestion: rotateCodeSuggestion(code),
        },
        orderIds: [order.orderId],
        holdScope: "orders",
      },
    ];
  },
  passSummary: (input, settings) => {
    if (!settings.checkCouponSites) return "Coupon-site check is off.";
    if (input.order.creditedCode === null) return "Not credited by a code.";
    return input.order.referringDomain === null ? "No referring site on the order." : `Came from ${input.order.referringDomain}, not a coupon site on the list.`;
  },
});

type CodeWindow = { orders: WindowOrder[]; codeOnly: WindowOrder[]; customers: Set<string>; fromCouponSites: number };

function judgeCreator(creator: CreatorHistory, input: HistoryRuleInput, settings: LeakedCodeSettings, windowStart: string, baselineStart: string): RiskVerdict[] {
  const byCode = new Map<string, CodeWindow>();
  for (const order of creator.windowOrders) {
    if (order.code === null || order.day < windowStart || order.day > input.today) continue;
    let entry = byCode.get(order.code);
    if (entry === undefined) {
      entry = { orders: [], codeOnly: [], customers: new Set(), fromCouponSites: 0 };
      byCode.set(order.code, entry);
    }
    entry.orders.push(order);
    if (order.codeOnly) {
      entry.codeOnly.push(order);
      if (order.customerKey !== null) entry.customers.add(order.customerKey);
    }
    if (matchCouponSite(order.referringDomain, input.couponSites) !== null) entry.fromCouponSites += 1;
  }
  if (byCode.size === 0) return [];

  let baselineCodeOrders = 0;
  let baselineCodeOnly = 0;
  for (const day of creator.days) {
    if (day.day < baselineStart || day.day >= windowStart) continue;
    baselineCodeOrders += day.codeOrders;
    baselineCodeOnly += day.codeOnlyOrders;
  }
  const usualShare = baselineCodeOrders >= LEAKED_CODE_BASELINE_MIN_ORDERS ? baselineCodeOnly / baselineCodeOrders : null;
  const programShare = input.program.codeOnlyShare;
  const bar = Math.max(settings.threshold, programShare + settings.minRiseOverBaseline, usualShare === null ? 0 : usualShare + settings.minRiseOverBaseline);

  const verdicts: RiskVerdict[] = [];
  for (const [code, entry] of byCode) {
    const total = entry.orders.length;
    const share = entry.codeOnly.length / total;
    if (total < settings.minCodeOrders || entry.customers.size < settings.minDistinctCustomers || share < bar) continue;
    const usualWords = usualShare === null ? `${creator.name}'s usual share is unknown (fewer than ${LEAKED_CODE_BASELINE_MIN_ORDERS} code orders before)` : `${creator.name}'s usual share is ${percent(usualShare)}`;
    const couponWords = entry.fromCouponSites > 0 ? ` ${plural(entry.fromCouponSites, "order")} came from coupon sites.` : "";
    verdicts.push({
      rule: "leaked_code",
      creatorId: creator.creatorId,
      severity: share >= 0.9 || entry.fromCouponSites > 0 ? "high" : "medium",
      patternKey: `code:${code}`,
      summary: `${entry.codeOnly.length} of ${total} orders with code ${code} in the last ${plural(settings.windowDays, "day")} (${percent(share)}) had no click or link from ${creator.name}, from ${plural(entry.customers.size, "different customer")}; ${usualWords} and the program's ${percent(programShare)}.${couponWords}`,
      evidence: {
        facts: [
          fact("Code", code),
          fact("Orders with the code in the window", total),
          fact("…with no click or link from the creator", entry.codeOnly.length),
          fact("Different customers among them", entry.customers.size),
          fact("Orders from coupon sites", entry.fromCouponSites),
          fact("Window", `${windowStart} to ${input.today}`),
        ],
        compared: [
          { metric: "Code-only share, this window", observed: share, baseline: usualShare ?? programShare, threshold: bar, unit: "share" },
          { metric: "Code-only share of the program", observed: share, baseline: programShare, threshold: programShare + settings.minRiseOverBaseline, unit: "share" },
        ],
        orders: evidenceOrders(entry.codeOnly, (order) => (order.referringDomain !== null ? `code only, from ${order.referringDomain}` : "code only, no click or link")),
        suggestion: rotateCodeSuggestion(code),
      },
      orderIds: entry.codeOnly.map((order) => order.orderId),
      holdScope: "orders",
    });
  }
  return verdicts;
}

export const leakedCodeHistoryRule = defineHistoryRule({
  id: "leaked_code",
  title: "Leaked code",
  evaluate: (input, settings): RiskVerdict[] => {
    const windowStart = addDays(input.today, -(settings.windowDays - 1));
    const baselineStart = addDays(windowStart, -settings.baselineDays);
    return input.creators.flatMap((creator) => (creator.windowOrders.length < settings.minCodeOrders ? [] : judgeCreator(creator, input, settings, windowStart, baselineStart)));
  },
});
