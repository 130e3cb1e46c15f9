import { describe, expect, it } from "vitest";
import { canonicalizeJson, hashRequest } from "./idempotency.server";

describe("request hashing for Idempotency-Key", () => {
  it("ignores object key order at every depth, but not array order or values", () => {
    expect(canonicalizeJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(hashRequest("POST", "/x", { a: 1, b: 2 })).toBe(hashRequest("POST", "/x", { b: 2, a: 1 }));
    expect(hashRequest("POST", "/x", { a: [1, 2] })).not.toBe(hashRequest("POST", "/x", { a: [2, 1] }));
    expect(hashRequest("POST", "/x", { a: 1 })).not.toBe(hashRequest("POST", "/x", { a: "1" }));
  });

  it("binds the hash to the method and path", () => {
    expect(hashRequest("POST", "/creators", {})).not.toBe(hashRequest("POST", "/customers", {}));
  });
});
