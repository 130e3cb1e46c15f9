/*
 * Paid traffic on the brand (order rule), when the program forbids paid search: the order's landing page carried ad
 * click ids AND the creator's link or ref was on the order (the shop's own ads put gclid on landing pages too, so an
 * ad id on an order credited only by a code proves nothing about the creator).
 *
 * Search-ad ids (gclid, gbraid, wbraid, msclkid) exist only for paid ads: high when the creator's ref was on that same
 * landing URL (the ad pointed at the creator's link), medium when the creator's click came earlier. Social ids
 * (fbclid, ttclid, twclid, li_fat_id) are added by Meta, TikTok, X and LinkedIn to ORGANIC clicks on posts too, so
 * alone they are low and never held — unless utm_medium says paid (cpc, ppc, paid, paidsocial…), when they count like
 * search ids. One verdict per click id (patternKey "click_id:<id>"), so a creator allowed to run, say, TikTok ads is
 * dismissed for ttclid only. Near miss: a social id with utm_medium "social".
 */
import type { RiskSeverity, RiskVerdict } from "../fraud-types";
import { isPaidUtmMedium, SEARCH_AD_CLICK_IDS, SOCIAL_CLICK_IDS } from "../traffic-signals";
import { defineOrderRule } from "./define-fraud-rule";
import { fact } from "./rule-words";

const NETWORK: Record<string, string> = {
  gclid: "Google Ads",
  gbraid: "Google Ads",
  wbraid: "Google Ads",
  msclkid: "Microsoft Advertising",
  fbclid: "Facebook / Instagram",
  ttclid: "TikTok",
  twclid: "X (Twitter)",
  li_fat_id: "LinkedIn",
};

const isSearchId = (id: string) => (SEARCH_AD_CLICK_IDS as readonly string[]).includes(id);
const isSocialId = (id: string) => (SOCIAL_CLICK_IDS as readonly string[]).includes(id);

export const paidTrafficRule = defineOrderRule({
  id: "paid_traffic",
  title: "Paid traffic on the brand",
  evaluate: (input, settings): RiskVerdict[] => {
    const { order } = input;
    if (!input.paidSearchForbidden || !order.creatorTouched) return [];
    const paidMedium = isPaidUtmMedium(order.landingUtmMedium);
    const counted = order.adClickIds.filter((id) => isSearchId(id) || (paidMedium && isSocialId(id)));
    const socialAlone = order.adClickIds.filter((id) => isSocialId(id) && !paidMedium);
    const medium = order.landingUtmMedium ?? "none";
    const sameLanding = order.creditedSignal === "landing_site";
    const creatorLink = sameLanding ? "the creator's ref on that same landing page" : "the creator's link or click earlier in the visit";

    const verdict = (id: string, severity: RiskSeverity, summary: string): RiskVerdict => ({
      rule: "paid_traffic",
      creatorId: order.creatorId,
      severity,
      patternKey: `click_id:${id}`,
      summary,
      evidence: {
        facts: [
          fact("Order", order.orderName ?? order.orderId),
          fact("Ad click ids on the landing page", order.adClickIds.join(", ")),
          fact("utm_medium", medium),
          fact("Creator's link", sameLanding ? "on the same landing page as the ad click id" : "on the order (an earlier click or the cart)"),
        ],
        orders: [{ orderId: order.orderId, name: order.orderName, placedAt: order.placedAt.toISOString(), note: `${id} (${NETWORK[id] ?? id})` }],
      },
      orderIds: [order.orderId],
      holdScope: "orders",
    });

    if (counted.length >= settings.threshold) {
      return counted.map((id) =>
        verdict(
          id,
          sameLanding ? "high" : "medium",
          isSearchId(id)
            ? `Paid ad: the order's landing page carries ${id}, which ${NETWORK[id]} adds only to paid ad clicks, with ${creatorLink}; the program forbids paid search.`
            : `Paid ad: the order's landing page carries ${id} (${NETWORK[id]}) and utm_medium "${medium}" says the click was paid, with ${creatorLink}; the program forbids paid ads.`,
        ),
      );
    }
    if (settings.socialIdsAlone === "flag" && socialAlone.length > 0) {
      return socialAlone.map((id) =>
        verdict(
          id,
          "low",
          `Possibly a paid post: the landing page carries ${id}, which ${NETWORK[id]} adds to ordinary (unpaid) post clicks too, and utm_medium is "${medium}", not a paid one; flagged for a look, never held.`,
        ),
      );
    }
    return [];
  },
  passSummary: (input) => {
    const { order } = input;
    if (!input.paidSearchForbidden) return "The program allows paid search.";
    if (order.adClickIds.length === 0) return "No ad click ids on the landing page.";
    if (!order.creatorTouched) return `Ad click ids (${order.adClickIds.join(", ")}) but no link or click of the creator on the order: likely the shop's own ad.`;
    return `Only social click ids (${order.adClickIds.join(", ")}) without a paid utm_medium; they are on ordinary post clicks too.`;
  },
});
