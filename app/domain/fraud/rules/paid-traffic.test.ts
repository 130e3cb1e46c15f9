import { describe, expect, it } from "vitest";
import { DEFAULT_FRAUD_SETTINGS } from "../fraud-settings";
import { NOW, orderInput } from "./fraud-test-fixtures";
import { paidTrafficRule } from "./paid-traffic";

const settings = DEFAULT_FRAUD_SETTINGS.paid_traffic;

describe("paid_traffic: ad click ids when the program forbids paid search", () => {
  it.each([
    { label: "gclid with the creator's ref on the same landing page", order: { adClickIds: ["gclid"], creditedSignal: "landing_site" as const }, keys: ["click_id:gclid"], severity: "high", words: "carries gclid, which Google Ads adds only to paid ad clicks, with the creator's ref on that same landing page" },
    { label: "msclkid after an earlier creator click", order: { adClickIds: ["msclkid"] }, keys: ["click_id:msclkid"], severity: "medium", words: "Microsoft Advertising adds only to paid ad clicks, with the creator's link or click earlier in the visit" },
    { label: "fbclid with utm_medium paid_social", order: { adClickIds: ["fbclid"], landingUtmMedium: "paid_social", creditedSignal: "landing_site" as const }, keys: ["click_id:fbclid"], severity: "high", words: 'utm_medium "paid_social" says the click was paid' },
    { label: "ttclid with utm_medium cpc", order: { adClickIds: ["ttclid"], landingUtmMedium: "cpc" }, keys: ["click_id:ttclid"], severity: "medium", words: "TikTok" },
    { label: "gclid and fbclid (organic): only the search id counts", order: { adClickIds: ["gclid", "fbclid"] }, keys: ["click_id:gclid"], severity: "medium", words: "gclid" },
  ])("hit: $label", ({ order, keys, severity, words }) => {
    const verdicts = paidTrafficRule.evaluate(orderInput(order), settings, NOW);
    expect(verdicts.map((v) => v.patternKey)).toEqual(keys);
    expect(verdicts[0]).toMatchObject({ severity, orderIds: ["order-1"], holdScope: "orders" });
    expect(verdicts[0]?.summary).toContain(words);
  });

  it.each([
    { label: "no ad click id", order: { landingUtmMedium: "cpc" }, rest: {}, pass: "No ad click ids on the landing page." },
    { label: "paid search allowed", order: { adClickIds: ["gclid"] }, rest: { paidSearchForbidden: false }, pass: "The program allows paid search." },
    { label: "gclid on an order credited only by a code (the shop's own ad)", order: { adClickIds: ["gclid"], creatorTouched: false, creditedSignal: "code" as const }, rest: {}, pass: "Ad click ids (gclid) but no link or click of the creator on the order: likely the shop's own ad." },
  ])("near miss: $label", ({ order, rest, pass }) => {
    expect(paidTrafficRule.evaluate(orderInput(order, rest), settings, NOW)).toEqual([]);
    expect(paidTrafficRule.passSummary(orderInput(order, rest), settings)).toBe(pass);
  });

  it("social ids alone are ignored by default (organic Facebook links carry fbclid too)", () => {
    expect(settings.socialIdsAlone).toBe("ignore");
    const input = orderInput({ adClickIds: ["fbclid", "li_fat_id"], landingUtmMedium: null });
    expect(paidTrafficRule.evaluate(input, settings, NOW)).toEqual([]);
    expect(paidTrafficRule.passSummary(input, settings)).toBe("Only social click ids (fbclid, li_fat_id) without a paid utm_medium; they are on ordinary post clicks too.");
  });

  it('socialIdsAlone "flag": fbclid alone is a low verdict, flagged only', () => {
    const verdicts = paidTrafficRule.evaluate(orderInput({ adClickIds: ["fbclid"], landingUtmMedium: "social" }), { ...settings, socialIdsAlone: "flag" }, NOW);
    expect(verdicts.map((v) => v.patternKey)).toEqual(["click_id:fbclid"]);
    expect(verdicts[0]).toMatchObject({ severity: "low", orderIds: ["order-1"], holdScope: "orders" });
    expect(verdicts[0]?.summary).toContain("adds to ordinary (unpaid) post clicks too, and utm_medium is \"social\", not a paid one; flagged for a look, never held");
  });

  it("threshold 2 needs two counted ids", () => {
    expect(paidTrafficRule.evaluate(orderInput({ adClickIds: ["gclid"] }), { ...settings, threshold: 2 }, NOW)).toEqual([]);
    expect(paidTrafficRule.evaluate(orderInput({ adClickIds: ["gclid", "gbraid"] }), { ...settings, threshold: 2 }, NOW)).toHaveLength(2);
  });
});
