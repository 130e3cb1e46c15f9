import { describe, expect, it } from "vitest";
import { isDevstoreHost } from "../shop-dispatcher.mjs";
import { environmentOfHost } from "./create-local-paypal.ts";

describe("PayPal hosts through the intercept", () => {
  it.each([
    ["api-m.paypal.com", true, "live"],
    ["api-m.sandbox.paypal.com", true, "sandbox"],
    ["api.paypal.com", true, "live"],
    ["api.sandbox.paypal.com", true, "sandbox"],
    ["www.paypal.com", false, null],
    ["api-m.paypal.com.example.com", false, null],
    ["evil-api-m.paypal.com", false, null],
  ])("%s → intercepted %s, environment %s", (host, intercepted, environment) => {
    expect(isDevstoreHost(host)).toBe(intercepted);
    expect(environmentOfHost(host)).toBe(environment);
  });

  it("still sends shops to the devstore", () => {
    expect(isDevstoreHost("affable-demo.myshopify.com")).toBe(true);
  });
});
