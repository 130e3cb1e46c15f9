import { describe, expect, it } from "vitest";
import { createTokenBucketLimiter } from "./create-token-bucket-limiter";

describe("createTokenBucketLimiter", () => {
  const at = (seconds: number) => new Date(Date.UTC(2026, 10, 20, 12, 0, 0) + seconds * 1000);

  it("allows a burst, refuses the next, and refills at the policy's rate", () => {
    const limiter = createTokenBucketLimiter({ burst: 3, perMinute: 6, maxKeys: 10 });
    expect([1, 2, 3, 4].map(() => limiter.tryTake("ip-a", at(0)))).toEqual([true, true, true, false]);
    expect(limiter.tryTake("ip-a", at(5))).toBe(false); // half a token after 5 s at 6/min
    expect(limiter.tryTake("ip-a", at(10))).toBe(true); // one token after 10 s
    expect(limiter.tryTake("ip-a", at(10))).toBe(false);
    expect(limiter.tryTake("ip-b", at(10))).toBe(true); // another visitor is unaffected
  });

  it("never holds more than a burst however long a key was idle", () => {
    const limiter = createTokenBucketLimiter({ burst: 2, perMinute: 60, maxKeys: 10 });
    limiter.tryTake("ip-a", at(0));
    const taken = [1, 2, 3].map(() => limiter.tryTake("ip-a", at(3600)));
    expect(taken).toEqual([true, true, false]);
  });

  it("keeps at most maxKeys buckets, forgetting the least recently used", () => {
    const limiter = createTokenBucketLimiter({ burst: 1, perMinute: 1, maxKeys: 3 });
    for (const key of ["a", "b", "c"]) expect(limiter.tryTake(key, at(0))).toBe(true);
    expect(limiter.tryTake("a", at(1))).toBe(false); // a is now the most recently used
    expect(limiter.tryTake("d", at(1))).toBe(true); // evicts b
    expect(limiter.size).toBe(3);
    expect(limiter.tryTake("a", at(2))).toBe(false); // a was kept, still empty
    expect(limiter.tryTake("b", at(2))).toBe(true); // b was forgotten: a fresh bucket
    for (let index = 0; index < 1000; index++) limiter.tryTake(`flood-${index}`, at(3));
    expect(limiter.size).toBe(3);
  });

  it("says how many requests are left and how long until the next one", () => {
    const limiter = createTokenBucketLimiter({ burst: 3, perMinute: 3, maxKeys: 10 });
    expect(limiter.take("k", at(0))).toEqual({ allowed: true, remaining: 2, resetSeconds: 0 });
    limiter.take("k", at(0));
    expect(limiter.take("k", at(0))).toEqual({ allowed: true, remaining: 0, resetSeconds: 20 });
    expect(limiter.take("k", at(0))).toEqual({ allowed: false, remaining: 0, resetSeconds: 20 });
  });
});
