import { describe, expect, it } from "vitest";
import { groupWrites } from "./group-writes";

/** A write that records each group it is given and holds it until released. */
function heldWrites() {
  const groups: number[][] = [];
  const releases: (() => void)[] = [];
  const write = (items: number[]) => {
    groups.push(items);
    return new Promise<(number | Error)[]>((resolve) => {
      releases.push(() => resolve(items.map((item) => (item < 0 ? new Error(`bad item ${item}`) : item * 10))));
    });
  };
  return { write, groups, releaseNext: () => releases.shift()?.() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe("groupWrites", () => {
  it("writes a lone item at once, without waiting for company", async () => {
    const held = heldWrites();
    const submit = groupWrites(held.write, { maxGroupSize: 10, maxConcurrentWrites: 1 });
    const result = submit(7);
    expect(held.groups).toEqual([[7]]);
    held.releaseNext();
    await expect(result).resolves.toBe(70);
  });

  it("gathers the items that arrive while the writes in flight are busy into the next write, in order", async () => {
    const held = heldWrites();
    const submit = groupWrites(held.write, { maxGroupSize: 10, maxConcurrentWrites: 2 });
    const results = [1, 2, 3, 4, 5].map(submit);
    expect(held.groups).toEqual([[1], [2]]);
    held.releaseNext();
    await settle();
    expect(held.groups).toEqual([[1], [2], [3, 4, 5]]);
    held.releaseNext();
    held.releaseNext();
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50]);
  });

  it("never puts more than maxGroupSize items in one write", async () => {
    const held = heldWrites();
    const submit = groupWrites(held.write, { maxGroupSize: 3, maxConcurrentWrites: 1 });
    const results = [1, 2, 3, 4, 5, 6, 7, 8].map(submit);
    for (let round = 0; round < 4; round += 1) {
      held.releaseNext();
      await settle();
    }
    expect(held.groups).toEqual([[1], [2, 3, 4], [5, 6, 7], [8]]);
    await expect(Promise.all(results)).resolves.toEqual([10, 20, 30, 40, 50, 60, 70, 80]);
  });

  it("fails only the item whose result is an error", async () => {
    const held = heldWrites();
    const submit = groupWrites(held.write, { maxGroupSize: 10, maxConcurrentWrites: 1 });
    const first = submit(1);
    const [good, bad] = [submit(2), submit(-3)];
    held.releaseNext();
    await settle();
    held.releaseNext();
    await expect(first).resolves.toBe(10);
    await expect(good).resolves.toBe(20);
    await expect(bad).rejects.toThrow("bad item -3");
  });

  it("fails a whole group when its write throws, and carries on with the next", async () => {
    let calls = 0;
    const submit = groupWrites(
      async (items: number[]) => {
        calls += 1;
        if (calls === 1) throw new Error("connection lost");
        return items.map((item) => item * 10);
      },
      { maxGroupSize: 10, maxConcurrentWrites: 1 },
    );
    const lost = submit(1);
    const later = submit(2);
    await expect(lost).rejects.toThrow("connection lost");
    await expect(later).resolves.toBe(20);
  });

  it("refuses a write that answers the wrong number of results rather than mismatching them", async () => {
    const submit = groupWrites(async () => [1, 2], { maxGroupSize: 10, maxConcurrentWrites: 1 });
    await expect(submit(1)).rejects.toThrow("1 items written, 2 results");
  });
});
