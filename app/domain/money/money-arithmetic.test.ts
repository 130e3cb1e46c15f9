import { describe, expect, it } from "vitest";
import { addMoney } from "./add-money";
import { compare } from "./compare";
import { isZero } from "./is-zero";
import type { Money } from "./money";
import { negate } from "./negate";
import { subtractMoney } from "./subtract-money";
import { sumMoney } from "./sum-money";

const usd = (amountMinor: bigint): Money => ({ amountMinor, currency: "USD" });
const jpy = (amountMinor: bigint): Money => ({ amountMinor, currency: "JPY" });

describe("addMoney / subtractMoney", () => {
  it.each([
    { label: "cents", left: usd(1999n), right: usd(1n), sum: usd(2000n), difference: usd(1998n) },
    { label: "into negative", left: usd(100n), right: usd(250n), sum: usd(350n), difference: usd(-150n) },
    { label: "yen", left: jpy(1000n), right: jpy(1n), sum: jpy(1001n), difference: jpy(999n) },
  ])("$label", ({ left, right, sum, difference }) => {
    expect(addMoney(left, right)).toEqual(sum);
    expect(subtractMoney(left, right)).toEqual(difference);
  });

  it.each([
    { label: "add", run: () => addMoney(usd(1n), jpy(1n)) },
    { label: "subtract", run: () => subtractMoney(usd(1n), jpy(1n)) },
    { label: "compare", run: () => compare(usd(1n), jpy(1n)) },
  ])("$label across currencies is an error", ({ run }) => {
    expect(run).toThrow(/currencies differ/);
  });
});

describe("negate / isZero / compare", () => {
  it.each([
    { label: "positive", money: usd(5n), negated: usd(-5n), zero: false },
    { label: "negative", money: usd(-5n), negated: usd(5n), zero: false },
    { label: "zero", money: usd(0n), negated: usd(0n), zero: true },
  ])("$label", ({ money, negated, zero }) => {
    expect(negate(money)).toEqual(negated);
    expect(isZero(money)).toBe(zero);
  });

  it.each([
    { label: "less", left: usd(1n), right: usd(2n), order: -1 },
    { label: "equal", left: usd(2n), right: usd(2n), order: 0 },
    { label: "greater", left: usd(3n), right: usd(2n), order: 1 },
    { label: "negative less than zero", left: usd(-1n), right: usd(0n), order: -1 },
  ])("compare: $label", ({ left, right, order }) => {
    expect(compare(left, right)).toBe(order);
  });
});

describe("sumMoney", () => {
  it.each([
    { label: "empty list is zero", amounts: [], currency: "USD", total: usd(0n) },
    { label: "several", amounts: [usd(1n), usd(2n), usd(-3n), usd(10n)], currency: "USD", total: usd(10n) },
    { label: "yen", amounts: [jpy(500n), jpy(500n)], currency: "JPY", total: jpy(1000n) },
  ])("$label", ({ amounts, currency, total }) => {
    expect(sumMoney(amounts, currency)).toEqual(total);
  });

  it("names the stray item", () => {
    expect(() => sumMoney([usd(1n), jpy(2n)], "USD")).toThrow(/item 1/);
  });
});
