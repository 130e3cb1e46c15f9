import { describe, expect, it } from "vitest";
import { assertScope, type ApiCaller } from "./authenticate-api-key.server";
import { ApiProblem } from "./problem.server";

const caller = (scope: ApiCaller["scope"]): ApiCaller => ({ keyId: "k", shop: "s.myshopify.com", scope, currency: "USD", actor: "api:k" });

describe("assertScope: each scope includes the ones before it; minting codes needs codes:write", () => {
  it.each([
    { granted: "read", needed: "read", allowed: true },
    { granted: "read", needed: "read_write", allowed: false },
    { granted: "read", needed: "read_write_codes", allowed: false },
    { granted: "read_write", needed: "read", allowed: true },
    { granted: "read_write", needed: "read_write", allowed: true },
    { granted: "read_write", needed: "read_write_codes", allowed: false },
    { granted: "read_write_codes", needed: "read", allowed: true },
    { granted: "read_write_codes", needed: "read_write", allowed: true },
    { granted: "read_write_codes", needed: "read_write_codes", allowed: true },
  ] as const)("$granted key, $needed operation → allowed: $allowed", ({ granted, needed, allowed }) => {
    const run = () => assertScope(caller(granted), needed);
    if (allowed) expect(run).not.toThrow();
    else expect(run).toThrow(ApiProblem);
  });

  it("tells a write key what to create to mint codes", () => {
    expect(() => assertScope(caller("read_write"), "read_write_codes")).toThrow(/codes:write/);
  });
});
