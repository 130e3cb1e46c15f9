import { describe, expect, it } from "vitest";
import { findTierProblem, ProgramRulesError, readProgramRules, toStoredTiers } from "./program-rules";

const shop = "yen.myshopify.com";
const valid = {
  shop,
  productRates: [{ productId: "gid://shopify/Product/1", title: "Hoodie", basisPoints: 2000 }],
  collectionRates: [{ collectionId: "gid://shopify/Collection/9", title: "Sale", basisPoints: 500 }],
  tiers: [
    { minimumRevenueMinor: "0", basisPoints: 1000 },
    { minimumRevenueMinor: "100000", basisPoints: 1500 },
  ],
};

describe("readProgramRules", () => {
  it("reads the stored JSON into typed rules, tier minimums as bigint", () => {
    expect(readProgramRules(valid)).toEqual({
      productRates: valid.productRates,
      collectionRates: valid.collectionRates,
      tiers: [
        { minimumRevenueMinor: 0n, basisPoints: 1000 },
        { minimumRevenueMinor: 100000n, basisPoints: 1500 },
      ],
    });
  });

  it("round-trips tiers through their stored form", () => {
    const { tiers } = readProgramRules(valid);
    expect(toStoredTiers(tiers)).toEqual(valid.tiers);
  });

  it.each([
    { label: "a product id that is not a Product gid", patch: { productRates: [{ productId: "1", title: "x", basisPoints: 1 }] }, column: "productRates" },
    { label: "a rate above 100 %", patch: { collectionRates: [{ collectionId: "gid://shopify/Collection/9", title: "x", basisPoints: 10001 }] }, column: "collectionRates" },
    { label: "a fractional basis point", patch: { productRates: [{ productId: "gid://shopify/Product/1", title: "x", basisPoints: 12.5 }] }, column: "productRates" },
    { label: "a tier minimum stored as a number", patch: { tiers: [{ minimumRevenueMinor: 100, basisPoints: 1000 }] }, column: "tiers" },
    { label: "tiers out of order", patch: { tiers: [...valid.tiers].reverse() }, column: "tiers" },
    { label: "an object instead of a list", patch: { tiers: {} }, column: "tiers" },
    { label: "null (column written by hand)", patch: { productRates: null }, column: "productRates" },
  ])("stops on $label, naming the column $column", ({ patch, column }) => {
    const read = () => readProgramRules({ ...valid, ...patch });
    expect(read).toThrow(ProgramRulesError);
    expect(read).toThrow(new RegExp(column));
    expect(read).toThrow(/Open Settings/);
  });
});

describe("findTierProblem", () => {
  it.each([
    { label: "one tier from zero", tiers: [[0n, 1000]], problem: null },
    { label: "first tier above zero (allowed: nothing below it)", tiers: [[5000n, 1000]], problem: null },
    { label: "ascending", tiers: [[0n, 1000], [1n, 1100], [2n, 1200]], problem: null },
    { label: "no tiers", tiers: [], problem: /at least one tier/ },
    { label: "equal minimums", tiers: [[0n, 1000], [0n, 1500]], problem: /Tier 2 must start above tier 1/ },
    { label: "descending", tiers: [[0n, 1000], [500n, 1500], [400n, 2000]], problem: /Tier 3 must start above tier 2/ },
    { label: "eleven tiers", tiers: Array.from({ length: 11 }, (_, index) => [BigInt(index), 100]), problem: /at most 10/ },
  ] as const)("$label", ({ tiers, problem }) => {
    const result = findTierProblem(tiers.map(([minimumRevenueMinor, basisPoints]) => ({ minimumRevenueMinor: BigInt(minimumRevenueMinor), basisPoints: Number(basisPoints) })));
    if (problem === null) expect(result).toBeNull();
    else expect(result).toMatch(problem);
  });
});
