import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter.server";

describe("createRateLimiter: a token bucket per key with IETF RateLimit headers", () => {
  it("allows a burst of `capacity`, then refuses with the seconds until one token is back", () => {
    const limiter = createRateLimiter({ capacity: 3, windowSeconds: 60 });
    const start = 1_000_000;
    expect([1, 2, 3].map(() => limiter.take("k", start).allowed)).toEqual([true, true, true]);
    const refused = limiter.take("k", start);
    expect(refused).toMatchObject({ allowed: false, remaining: 0, resetSeconds: 20 });
    expect(refused.headers).toEqual({ "RateLimit-Policy": '"default";q=3;w=60', RateLimit: '"default";r=0;t=20', "Retry-After": "20" });
  });

  it("refills continuously (capacity per window) and never above capacity", () => {
    const limiter = createRateLimiter({ capacity: 3, windowSeconds: 60 });
    const start = 0;
    for (let index = 0; index < 3; index += 1) limiter.take("k", start);
    expect(limiter.take("k", start + 19_999).allowed).toBe(false);
    expect(limiter.take("k", start + 20_000).allowed).toBe(true);
    const later = limiter.take("k", start + 10 * 60_000);
    expect(later).toMatchObject({ allowed: true, remaining: 2 });
  });

  it("keeps one bucket per key", () => {
    const limiter = createRateLimiter({ capacity: 1, windowSeconds: 60 });
    expect(limiter.take("a", 0).allowed).toBe(true);
    expect(limiter.take("a", 0).allowed).toBe(false);
    expect(limiter.take("b", 0).allowed).toBe(true);
  });
});
