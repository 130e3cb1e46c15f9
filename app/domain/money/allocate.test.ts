import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocate } from "./allocate";

describe("allocate", () => {
  it.each([
    { label: "even split", total: 100n, ratios: [1n, 1n], parts: [50n, 50n] },
    { label: "one cent over three: first index wins the tie", total: 100n, ratios: [1n, 1n, 1n], parts: [34n, 33n, 33n] },
    { label: "two left over go to the first two ties", total: 101n, ratios: [1n, 1n, 1n], parts: [34n, 34n, 33n] },
    { label: "largest remainder wins over index", total: 10n, ratios: [1n, 2n], parts: [3n, 7n] },
    { label: "Dinero example 70/30", total: 1003n, ratios: [70n, 30n], parts: [702n, 301n] },
    { label: "zero ratio gets zero", total: 100n, ratios: [0n, 1n, 1n], parts: [0n, 50n, 50n] },
    { label: "zero ratio gets zero even with leftovers", total: 7n, ratios: [0n, 1n, 1n], parts: [0n, 4n, 3n] },
    { label: "single part takes everything", total: 999n, ratios: [5n], parts: [999n] },
    { label: "zero total", total: 0n, ratios: [1n, 2n], parts: [0n, 0n] },
    { label: "all-zero ratios with zero total", total: 0n, ratios: [0n, 0n], parts: [0n, 0n] },
    { label: "negative total mirrors positive", total: -100n, ratios: [1n, 1n, 1n], parts: [-34n, -33n, -33n] },
    { label: "negative total largest remainder", total: -10n, ratios: [1n, 2n], parts: [-3n, -7n] },
    { label: "1 yen over 3 units", total: 1n, ratios: [1n, 1n, 1n], parts: [1n, 0n, 0n] },
    { label: "kept vs refunded, half unit stays with first part", total: 15n, ratios: [1n, 1n], parts: [8n, 7n] },
    { label: "huge values", total: 10n ** 30n + 1n, ratios: [1n, 1n], parts: [5n * 10n ** 29n + 1n, 5n * 10n ** 29n] },
  ])("$label: allocate($total, $ratios) = $parts", ({ total, ratios, parts }) => {
    expect(allocate(total, ratios)).toEqual(parts);
  });

  it.each([
    { label: "empty ratios", total: 1n, ratios: [], message: /empty list/ },
    { label: "negative ratio", total: 1n, ratios: [1n, -1n], message: /ratio 1 is negative/ },
    { label: "all-zero ratios with money to split", total: 5n, ratios: [0n, 0n], message: /every ratio is zero/ },
  ])("rejects $label", ({ total, ratios, message }) => {
    expect(() => allocate(total, ratios)).toThrow(message);
  });

  it("always sums exactly to the total and stays within one unit of each exact share", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 6n }), { minLength: 1, maxLength: 8 }).filter((ratios) =>
          ratios.some((ratio) => ratio > 0n),
        ),
        (total, ratios) => {
          const parts = allocate(total, ratios);
          const ratioSum = ratios.reduce((sum, ratio) => sum + ratio, 0n);
          expect(parts.reduce((sum, part) => sum + part, 0n)).toBe(total);
          parts.forEach((part, index) => {
            const ratio = ratios[index] ?? 0n;
            // |part × Σ − total × ratio| < Σ  ⇔  |part − exact share| < 1
            const error = part * ratioSum - total * ratio;
            expect(error < ratioSum && -error < ratioSum).toBe(true);
            if (ratio === 0n) expect(part).toBe(0n);
          });
        },
      ),
    );
  });
});
