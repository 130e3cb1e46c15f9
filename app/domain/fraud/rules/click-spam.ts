/*
 * Click spam and bots (history rule), three patterns, each its own verdict and patternKey:
 * - "burst:<ip>:<ua>": at least `threshold` clicks from one hashed IP + browser within `burstMinutes` (the scan finds
 *   the bursts set-wise). Near miss: threshold − 1 clicks.
 * - "automated_clicks": over the window, at least `automatedShare` of the creator's clicks came from data-centre
 *   addresses or automated browsers (the larger of the two counts: a click can be both), with `minClicks` clicks.
 * - "low_conversion": link orders per click fell below `conversionFloor` × the creator's own rate before the window AND
 *   × the program's rate (cookie stuffing: many clicks, the same orders), with `minClicks` clicks in the window and
 *   before it.
 * The orders held are the window's link-credited orders (the ones spammed clicks could have taken credit for).
 */
import type { CreatorHistory, HistoryRuleInput, RiskEvidenceClick, RiskVerdict, WindowOrder } from "../fraud-types";
import type { ClickSpamSettings } from "../fraud-settings";
import { addDays } from "../../reporting/add-days";
import { defineHistoryRule } from "./define-fraud-rule";
import { evidenceOrders, fact, oneDecimal, percent, plural } from "./rule-words";

const MAX_BURST_VERDICTS = 3;

function judgeCreator(creator: CreatorHistory, input: HistoryRuleInput, settings: ClickSpamSettings, windowStart: string, baselineStart: string): RiskVerdict[] {
  let windowClicks = 0;
  let windowLinkOrders = 0;
  let baselineClicks = 0;
  let baselineLinkOrders = 0;
  for (const day of creator.days) {
    if (day.day < baselineStart || day.day > input.today) continue;
    if (day.day >= windowStart) {
      windowClicks += day.clicks;
      windowLinkOrders += day.orders - day.codeOnlyOrders;
    } else {
      baselineClicks += day.clicks;
      baselineLinkOrders += day.orders - day.codeOnlyOrders;
    }
  }
  // Built only when something is flagged: most creators pass, and the scan judges thousands.
  let linkOrders: WindowOrder[] | null = null;
  const base = (patternKey: string, severity: RiskVerdict["severity"], summary: string, facts: RiskVerdict["evidence"]["facts"], extra: Partial<RiskVerdict["evidence"]> = {}): RiskVerdict => {
    linkOrders ??= creator.windowOrders.filter((order) => !order.codeOnly && order.day >= windowStart && order.day <= input.today);
    return {
      rule: "click_spam",
      creatorId: creator.creatorId,
      severity,
      patternKey,
      summary,
      evidence: { facts, orders: evidenceOrders(linkOrders, () => "credited by the creator's link"), ...extra },
      orderIds: linkOrders.map((order) => order.orderId),
      holdScope: "orders",
    };
  };

  const verdicts: RiskVerdict[] = [];
  const bursts = creator.clickBursts.filter((burst) => burst.clicks >= settings.threshold).slice(0, MAX_BURST_VERDICTS);
  for (const burst of bursts) {
    const minutes = Math.max(1, Math.round((burst.lastAt.getTime() - burst.firstAt.getTime()) / 60_000));
    const clicks: RiskEvidenceClick[] = [
      { at: burst.firstAt.toISOString(), ipHash: burst.ipHash, note: "first click of the burst" },
      { at: burst.lastAt.toISOString(), ipHash: burst.ipHash, note: `last click of the burst (${plural(burst.clicks, "click")})` },
    ];
    verdicts.push(
      base(
        `burst:${burst.ipHash}:${burst.userAgentHash}`,
        burst.clicks >= settings.threshold * 3 ? "high" : "medium",
        `${plural(burst.clicks, "click")} on ${creator.name}'s links from one device (same IP address and browser) within ${plural(minutes, "minute")}, starting ${burst.firstAt.toISOString().slice(0, 16).replace("T", " ")} UTC (flag at ${settings.threshold} within ${settings.burstMinutes}).`,
        [fact("Clicks in the burst", burst.clicks), fact("Burst length", plural(minutes, "minute")), fact("Flag at", `${settings.threshold} clicks within ${plural(settings.burstMinutes, "minute")}`)],
        { clicks, compared: [{ metric: "Clicks from one device in a burst", observed: burst.clicks, baseline: 1, threshold: settings.threshold, unit: "count" }] },
      ),
    );
  }

  const { total, fromDataCentre, automated } = creator.windowClicks;
  if (total >= settings.minClicks) {
    const botClicks = Math.max(fromDataCentre, automated);
    const share = botClicks / total;
    if (share >= settings.automatedShare) {
      verdicts.push(
        base(
          "automated_clicks",
          share >= 0.8 ? "high" : "medium",
          `${percent(share)} of ${creator.name}'s ${plural(total, "click")} in the last ${plural(settings.windowDays, "day")} came from servers or automated browsers (${fromDataCentre.toLocaleString("en-US")} from data centres, ${automated.toLocaleString("en-US")} automated); flag at ${percent(settings.automatedShare)}.`,
          [fact("Clicks in the window", total), fact("From data-centre addresses", fromDataCentre), fact("From automated browsers", automated)],
          { compared: [{ metric: "Share of clicks from servers or bots", observed: share, baseline: 0, threshold: settings.automatedShare, unit: "share" }] },
        ),
      );
    }
  }

  if (windowClicks >= settings.minClicks && baselineClicks >= settings.minClicks) {
    const rate = windowLinkOrders / windowClicks;
    const usual = baselineLinkOrders / baselineClicks;
    const program = input.program.ordersPerClick;
    if (usual > 0 && program > 0 && rate < usual * settings.conversionFloor && rate < program * settings.conversionFloor) {
      verdicts.push(
        base(
          "low_conversion",
          rate < usual * settings.conversionFloor * 0.5 ? "high" : "medium",
          `${creator.name}'s links brought ${plural(windowClicks, "click")} but ${plural(windowLinkOrders, "order")} in the last ${plural(settings.windowDays, "day")}: ${oneDecimal(rate * 1000)} per 1,000 clicks against a usual ${oneDecimal(usual * 1000)} and the program's ${oneDecimal(program * 1000)} (flag below ${percent(settings.conversionFloor)} of both).`,
          [fact("Clicks in the window", windowClicks), fact("Link orders in the window", windowLinkOrders), fact("Clicks before the window", baselineClicks), fact("Link orders before the window", baselineLinkOrders)],
          {
            compared: [
              { metric: "Orders per click", observed: rate, baseline: usual, threshold: usual * settings.conversionFloor, unit: "ratio" },
              { metric: "Orders per click, program", observed: rate, baseline: program, threshold: program * settings.conversionFloor, unit: "ratio" },
            ],
          },
        ),
      );
    }
  }
  return verdicts;
}

export const clickSpamRule = defineHistoryRule({
  id: "click_spam",
  title: "Click spam and bots",
  evaluate: (input, settings): RiskVerdict[] => {
    const windowStart = addDays(input.today, -(settings.windowDays - 1));
    const baselineStart = addDays(windowStart, -settings.baselineDays);
    return input.creators.flatMap((creator) => judgeCreator(creator, input, settings, windowStart, baselineStart));
  },
});
