import { describe, expect, it } from "vitest";
import { choosePaypalAddress, type PaypalAddressInput } from "./choose-paypal-address";

const input = (overrides: Partial<PaypalAddressInput>): PaypalAddressInput => ({ confirmedPaypalEmail: null, payoutEmail: null, contactEmail: null, ...overrides });

describe("choosePaypalAddress", () => {
  it.each([
    { label: "run: the creator's confirmed address", given: input({ confirmedPaypalEmail: "ana.pp@example.com", payoutEmail: "typed@example.com", contactEmail: "ana@example.com" }), use: "run" as const, expected: { email: "ana.pp@example.com", source: "portal" } },
    { label: "run: never the creator page's payout email", given: input({ payoutEmail: "typed@example.com", contactEmail: "ana@example.com" }), use: "run" as const, expected: null },
    { label: "run: never the contact email", given: input({ contactEmail: "ana@example.com" }), use: "run" as const, expected: null },
    { label: "manual: the confirmed address first", given: input({ confirmedPaypalEmail: "ana.pp@example.com", payoutEmail: "typed@example.com" }), use: "manual" as const, expected: { email: "ana.pp@example.com", source: "portal" } },
    { label: "manual: else the creator page's payout email", given: input({ payoutEmail: " typed@example.com ", contactEmail: "ana@example.com" }), use: "manual" as const, expected: { email: "typed@example.com", source: "creator_page" } },
    { label: "manual: else the contact email", given: input({ payoutEmail: "", contactEmail: "ana@example.com" }), use: "manual" as const, expected: { email: "ana@example.com", source: "contact_email" } },
    { label: "manual: nothing on file", given: input({}), use: "manual" as const, expected: null },
  ])("$label", ({ given, use, expected }) => {
    expect(choosePaypalAddress(given, use)).toEqual(expected);
  });
});
