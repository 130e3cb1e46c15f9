import { beforeAll, describe, expect, it } from "vitest";
import { readWebhookFixture } from "../../../tests/support/webhook-requests";
import { checkWebhookPayload } from "../../webhooks/payload-schemas";
import { pseudonymise, readComplianceCustomer, scrubEmails } from "./redact-customer-identity.server";
import { scrubWebhookPayload } from "./redact-customer-webhook-payload.server";

describe("scrubWebhookPayload", () => {
  it("takes the person out of an order payload and leaves a payload its topic's schema still accepts", () => {
    const order = readWebhookFixture("orders-paid-code");
    const scrubbed = scrubWebhookPayload("ORDERS_PAID", order) as Record<string, unknown>;
    expect(JSON.stringify(order)).toContain("jon@example.com");
    expect(JSON.stringify(scrubbed)).not.toMatch(/jon@example\.com|7115310627314|John|Smith/);
    expect(scrubbed).toMatchObject({ customer: null, email: null, contact_email: null, admin_graphql_api_id: order.admin_graphql_api_id });
    expect(scrubbed.line_items).toEqual(order.line_items);
    expect(checkWebhookPayload("ORDERS_PAID", scrubbed)).toEqual({ ok: true });
  });

  it("keeps a compliance payload's required customer object, emptied", () => {
    const request = { shop_id: 1, shop_domain: "a.myshopify.com", customer: { id: 5, email: "a@b.co", phone: "555" }, orders_to_redact: [7] };
    const scrubbed = scrubWebhookPayload("CUSTOMERS_REDACT", request);
    expect(scrubbed).toEqual({ shop_id: 1, shop_domain: "a.myshopify.com", customer: { id: null, email: null, phone: null }, orders_to_redact: [7] });
    expect(checkWebhookPayload("CUSTOMERS_REDACT", scrubbed)).toEqual({ ok: true });
  });
});

describe("pseudonyms and email scrubbing", () => {
  beforeAll(() => {
    // readComplianceCustomer hashes the email with the app's key, read from the environment.
    Object.assign(process.env, { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "unit-secret", SHOPIFY_APP_URL: "https://affable.test", SCOPES: "read_orders" });
  });

  it.each([
    ["the same customer in the same shop", "s.myshopify.com", "gid://shopify/Customer/1", true],
    ["another shop", "t.myshopify.com", "gid://shopify/Customer/1", false],
    ["another customer", "s.myshopify.com", "gid://shopify/Customer/2", false],
  ])("is stable for %s only", (_label, shop, subject, same) => {
    const first = pseudonymise("key", "s.myshopify.com", "gid://shopify/Customer/1");
    expect(first).toMatch(/^redacted:[0-9a-f]{64}$/);
    expect(pseudonymise("key", shop, subject) === first).toBe(same);
  });

  it("reads a request that carries only an email (Shopify may send no customer id)", () => {
    expect(readComplianceCustomer({ email: " Jon@Example.com " })).toMatchObject({ customerGid: null, email: "jon@example.com", emailHash: expect.stringMatching(/^h1:[0-9a-f]{64}$/) });
    expect(readComplianceCustomer({ id: 42, email: null })).toMatchObject({ customerGid: "gid://shopify/Customer/42", emailHash: null });
  });

  it("removes email addresses from strings anywhere in JSON", () => {
    expect(scrubEmails({ reason: "self-referral: the customer's email jon@example.com is creator c1's own", list: ["x@y.io"] })).toEqual({
      reason: "self-referral: the customer's email [redacted email] is creator c1's own",
      list: ["[redacted email]"],
    });
  });
});
