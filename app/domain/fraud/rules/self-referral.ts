/*
 * Self-referral (order rule): the order's customer is the creator. Matched on keys the service hashed from normalised
 * values (normalize-identity.ts): Shopify customer id, email, phone, shipping address; and the order's browser or the
 * credited click coming from one of the creator's own portal sign-ins (same IP and browser: high; same IP only, e.g.
 * the same home network, or a mobile carrier's shared address: low, flagged for a look but never held).
 *
 * One verdict per thing that matched, each with its own patternKey ("address:<key>", "ip:<hash>"…), so a dismissal
 * for a creator's shared office address or co-working IP skips only that; the runner merges what is left into one
 * flag. Near miss: a portal sign-in older than `deviceLookbackDays` before the order, or a browser that matches
 * without the IP, is not a match.
 */
import type { OrderRuleInput, RiskSeverity, RiskVerdict } from "../fraud-types";
import type { SelfReferralSettings } from "../fraud-settings";
import { defineOrderRule } from "./define-fraud-rule";
import { fact, plural } from "./rule-words";

type Match = { readonly signal: "customer" | "email" | "phone" | "address" | "device"; readonly patternKey: string; readonly severity: RiskSeverity; readonly words: string };

const DAY_MS = 86_400_000;

function findMatches(input: OrderRuleInput, settings: SelfReferralSettings): Match[] {
  const { order, creator } = input;
  const matches: Match[] = [];
  if (order.customerId !== null && creator.customerIds.includes(order.customerId)) {
    matches.push({ signal: "customer", patternKey: `customer:${order.customerId}`, severity: "high", words: "the order's Shopify customer account is the creator's own" });
  }
  if (order.customerEmailKey !== null && creator.emailKeys.includes(order.customerEmailKey)) {
    matches.push({ signal: "email", patternKey: `email:${order.customerEmailKey}`, severity: "high", words: "the customer's email is the creator's (compared without case, Gmail dots or +tags)" });
  }
  if (order.customerPhoneKey !== null && creator.phoneKeys.includes(order.customerPhoneKey)) {
    matches.push({ signal: "phone", patternKey: `phone:${order.customerPhoneKey}`, severity: "high", words: "the customer's phone number is the creator's" });
  }
  if (order.shippingAddressKey !== null && creator.addressKeys.includes(order.shippingAddressKey)) {
    matches.push({ signal: "address", patternKey: `address:${order.shippingAddressKey}`, severity: "high", words: "the order ships to the creator's address" });
  }
  if (settings.matchDevices) {
    const since = order.placedAt.getTime() - settings.deviceLookbackDays * DAY_MS;
    const sessions = creator.portalDevices.filter((session) => session.seenAt.getTime() >= since && session.ipHash !== null);
    const sources = [
      { what: "the order's browser", ipHash: order.browserIpHash, userAgentHash: order.userAgentHash },
      { what: "the click credited on the order", ipHash: order.click?.ipHash ?? null, userAgentHash: order.click?.userAgentHash ?? null },
    ];
    const seen = new Set<string>();
    for (const source of sources) {
      if (source.ipHash === null) continue;
      const sameIp = sessions.filter((session) => session.ipHash === source.ipHash);
      if (sameIp.length === 0) continue;
      const sameDevice = source.userAgentHash !== null && sameIp.some((session) => session.userAgentHash === source.userAgentHash);
      const patternKey = sameDevice ? `device:${source.ipHash}:${source.userAgentHash}` : `ip:${source.ipHash}`;
      if (seen.has(patternKey)) continue;
      seen.add(patternKey);
      matches.push(
        sameDevice
          ? { signal: "device", patternKey, severity: "high", words: `${source.what} has the same IP address and browser as one of the creator's own sign-ins to their portal` }
          : { signal: "device", patternKey, severity: "low", words: `${source.what} has the same IP address (a different browser) as one of the creator's own sign-ins to their portal, e.g. the same home network; flagged only, never held, because a phone network or office shares one address among many people` },
      );
    }
  }
  return matches;
}

export const selfReferralRule = defineOrderRule({
  id: "self_referral",
  title: "Self-referral",
  evaluate: (input, settings): RiskVerdict[] => {
    const matches = findMatches(input, settings);
    const signals = new Set(matches.map((match) => match.signal));
    if (signals.size < settings.threshold) return [];
    const { order } = input;
    const matchedWords = matches.map((match) => match.words);
    return matches.map((match) => ({
      rule: "self_referral",
      creatorId: order.creatorId,
      severity: match.severity,
      patternKey: match.patternKey,
      summary: `Self-referral: ${match.words}.`,
      evidence: {
        facts: [
          fact("Order", order.orderName ?? order.orderId),
          fact("Credited by", order.creditedCode !== null ? `code ${order.creditedCode}` : order.creditedSignal),
          fact("What matched", matchedWords.join("; ")),
          fact("Signals matched", `${plural(signals.size, "signal")} (flag at ${settings.threshold})`),
        ],
        orders: [{ orderId: order.orderId, name: order.orderName, placedAt: order.placedAt.toISOString(), note: match.words }],
      },
      orderIds: [order.orderId],
      holdScope: "orders",
    }));
  },
  passSummary: (input, settings) => {
    const matches = findMatches(input, settings);
    if (matches.length > 0) return `Only ${plural(new Set(matches.map((m) => m.signal)).size, "signal")} matched the creator; the rule needs ${settings.threshold}.`;
    return "The customer does not match the creator by account, email, phone, address or device.";
  },
});
