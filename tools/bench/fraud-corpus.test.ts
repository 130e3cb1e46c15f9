import { describe, expect, it } from "vitest";
import { COUPON_SITES, normaliseAddress, normaliseEmail, normalisePhone } from "../../app/domain/fraud/index.ts";
import { hashSignal } from "../../app/security/hash-signal.server.ts";
import {
  DEFAULT_INJECTION_RATES,
  INJECTED_RULES,
  generateFraudCorpus,
  type CorpusBatch,
  type CorpusSignals,
  type CorpusSummary,
} from "./fraud-corpus.ts";

const KEY = Buffer.alloc(32, 7);
const signals: CorpusSignals = {
  hash: (kind, value) => hashSignal(kind, value, KEY),
  normaliseEmail,
  normalisePhone,
  normaliseAddress,
  couponSites: COUPON_SITES,
};
const CREATORS = 400;
const ORDERS = 5_000;

async function generate(seed = 7): Promise<{ summary: CorpusSummary; rows: CorpusBatch }> {
  const rows: CorpusBatch = { creators: [], orders: [], clicks: [], sessions: [], payoutProfiles: [], taxForms: [] };
  const summary = await generateFraudCorpus({ shop: "corpus-test.myshopify.com", orders: ORDERS, creators: CREATORS, seed, batchSize: 1_000 }, signals, async (batch) => {
    for (const key of Object.keys(rows) as (keyof CorpusBatch)[]) (rows[key] as unknown[]).push(...batch[key]);
  });
  return { summary, rows };
}

describe("generateFraudCorpus (5,000 orders)", async () => {
  const { summary, rows } = await generate();
  const { labels } = summary;
  const creatorById = new Map(rows.creators.map((creator) => [creator.id, creator]));
  const honest = (creatorId: string) => !labels.patternOf.has(creatorId);
  const sessionsOf = (creatorId: string) => rows.sessions.filter((session) => session.creatorId === creatorId);

  it("writes about the requested number of orders, every one with a creator of the corpus", () => {
    expect(summary.orders).toBe(rows.orders.length);
    expect(rows.orders.length).toBeGreaterThan(ORDERS * 0.85);
    expect(rows.orders.length).toBeLessThan(ORDERS * 1.15);
    expect(rows.creators).toHaveLength(CREATORS);
    expect(rows.orders.every((order) => creatorById.has(order.creatorId))).toBe(true);
    expect(new Set(rows.orders.map((order) => order.id)).size).toBe(rows.orders.length);
  });

  it("injects each pattern into exactly its share of the creators, one pattern per creator", () => {
    for (const rule of INJECTED_RULES) {
      expect(labels.creatorsByRule.get(rule)!.size, rule).toBe(Math.round(DEFAULT_INJECTION_RATES[rule] * CREATORS));
    }
    const total = INJECTED_RULES.reduce((sum, rule) => sum + labels.creatorsByRule.get(rule)!.size, 0);
    expect(labels.patternOf.size).toBe(total);
  });

  it("labels as self-referral exactly the orders that match their creator, by the recorded signal, and only those", () => {
    const selfOrders = labels.ordersByRule.get("self_referral")!;
    expect(selfOrders.size).toBeGreaterThan(0);
    const identity = (creatorId: string) => {
      const creator = creatorById.get(creatorId)!;
      return {
        customerId: creator.shopifyCustomerId,
        email: signals.hash("email", normaliseEmail(creator.email)),
        phone: creator.phone === null ? null : signals.hash("phone", normalisePhone(creator.phone)!),
        address: creator.shippingAddress === null ? null : signals.hash("address", normaliseAddress(creator.shippingAddress)),
        ips: new Set(sessionsOf(creatorId).map((session) => session.ipHash)),
      };
    };
    for (const order of rows.orders) {
      const own = identity(order.creatorId);
      const matches = {
        customer_id: own.customerId !== null && order.customerId === own.customerId,
        email: order.customerEmailKey === own.email,
        phone: own.phone !== null && order.customerPhoneKey === own.phone,
        address: own.address !== null && order.shippingAddressKey === own.address,
        device: order.browserIpHash !== null && own.ips.has(order.browserIpHash),
      };
      const matched = Object.values(matches).some(Boolean);
      expect(matched, `order ${order.id}`).toBe(selfOrders.has(order.shopifyOrderId));
      if (selfOrders.has(order.shopifyOrderId)) {
        expect(labels.patternOf.get(order.creatorId)).toBe("self_referral");
        expect(matches[summary.selfReferralModes.get(order.shopifyOrderId)!]).toBe(true);
      }
    }
    // Every way of matching occurs (the normalisers are exercised, not only equal strings).
    expect(new Set(summary.selfReferralModes.values())).toEqual(new Set(["customer_id", "email", "phone", "address", "device"]));
  });

  it("puts ad click ids on the labelled paid orders of paid-search creators, and only fbclid from organic Facebook posts on others", () => {
    const paid = labels.ordersByRule.get("paid_traffic")!;
    expect(paid.size).toBeGreaterThan(0);
    let organic = 0;
    for (const order of rows.orders) {
      if (paid.has(order.shopifyOrderId)) {
        expect(order.adClickIds.length, order.id).toBeGreaterThan(0);
        expect(labels.patternOf.get(order.creatorId)).toBe("paid_traffic");
      } else if (order.adClickIds.length > 0) {
        expect(order).toMatchObject({ adClickIds: ["fbclid"], referringDomain: "facebook.com", creatorTouched: true });
        expect(order.landingUtmMedium).not.toBe("cpc");
        organic += 1;
      }
    }
    expect(organic).toBeGreaterThan(0);
  });

  it("sends coupon-site orders only to leaked codes, labelled, code-only and never touched by the creator", () => {
    const coupon = labels.ordersByRule.get("leaked_code")!;
    const sites = new Set(COUPON_SITES);
    expect(coupon.size).toBeGreaterThan(0);
    for (const order of rows.orders) {
      const fromCouponSite = order.referringDomain !== null && sites.has(order.referringDomain);
      expect(fromCouponSite, order.id).toBe(coupon.has(order.shopifyOrderId));
      if (fromCouponSite) {
        expect(labels.patternOf.get(order.creatorId)).toBe("leaked_code");
        expect(order).toMatchObject({ creditedSignal: "code", creatorTouched: false, clickRowId: null });
      }
    }
  });

  it("gives honest creators no click bursts, no automated clicks and no shared identity", () => {
    const automated = rows.clicks.filter((click) => click.automated);
    expect(automated.length).toBeGreaterThan(0);
    expect(automated.every((click) => labels.patternOf.get(click.creatorId) === "click_spam")).toBe(true);
    // The largest run of clicks from one IP + browser on one creator within 10 minutes.
    const byVisitor = new Map<string, number[]>();
    for (const click of rows.clicks) {
      const key = `${click.creatorId}|${click.ipHash}|${click.userAgentHash}`;
      byVisitor.set(key, [...(byVisitor.get(key) ?? []), click.at.getTime()]);
    }
    const largestBurst = new Map<string, number>();
    for (const [key, times] of byVisitor) {
      times.sort((a, b) => a - b);
      let start = 0;
      let best = 0;
      for (let end = 0; end < times.length; end += 1) {
        while (times[end]! - times[start]! > 10 * 60_000) start += 1;
        best = Math.max(best, end - start + 1);
      }
      const creatorId = key.split("|")[0]!;
      largestBurst.set(creatorId, Math.max(best, largestBurst.get(creatorId) ?? 0));
    }
    for (const [creatorId, size] of largestBurst) {
      if (honest(creatorId)) expect(size, creatorId).toBeLessThanOrEqual(5);
    }
    for (const creatorId of labels.creatorsByRule.get("click_spam")!) expect(largestBurst.get(creatorId)).toBeGreaterThanOrEqual(30);

    const sharedBy = (keys: { creatorId: string; key: string }[]) => {
      const owners = new Map<string, Set<string>>();
      for (const { creatorId, key } of keys) owners.set(key, (owners.get(key) ?? new Set()).add(creatorId));
      return new Set([...owners.values()].filter((set) => set.size > 1).flatMap((set) => [...set]));
    };
    const shared = new Set([
      ...sharedBy(rows.payoutProfiles.map((profile) => ({ creatorId: profile.creatorId, key: profile.destinationKey }))),
      ...sharedBy(rows.taxForms.map((form) => ({ creatorId: form.creatorId, key: form.tinKey }))),
      ...sharedBy(rows.sessions.map((session) => ({ creatorId: session.creatorId, key: session.deviceHash }))),
    ]);
    expect(shared).toEqual(labels.creatorsByRule.get("duplicate_identity"));
  });

  it("raises refund rates only for refund-abuse creators, and keeps honest rates within 0–15 % on average", () => {
    const refundRate = (creatorIds: ReadonlySet<string>) => {
      const orders = rows.orders.filter((order) => creatorIds.has(order.creatorId));
      return orders.filter((order) => order.firstRefundedAt !== null).length / orders.length;
    };
    const honestIds = new Set(rows.creators.map((creator) => creator.id).filter(honest));
    expect(refundRate(honestIds)).toBeLessThan(0.12);
    expect(refundRate(labels.creatorsByRule.get("refund_abuse")!)).toBeGreaterThan(0.3);
  });

  it("is reproducible from its seed, and another seed gives another corpus", async () => {
    const again = await generate();
    expect(again.rows.orders.map((order) => order.customerEmailKey)).toEqual(rows.orders.map((order) => order.customerEmailKey));
    expect([...again.summary.labels.patternOf]).toEqual([...labels.patternOf]);
    const other = await generate(8);
    expect([...other.summary.labels.patternOf]).not.toEqual([...labels.patternOf]);
  });
});
