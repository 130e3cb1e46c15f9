import { describe, expect, it } from "vitest";
import type { AttributionDecision, ConsideredSignal } from "../../domain/attribution";
import { hashSignal } from "../../security/hash-signal.server";
import { readOrderCreditColumns, readOrderSignalColumns } from "./read-order-risk-columns.server";

const KEY = Buffer.alloc(32, 7);
const signal = (fields: Partial<ConsideredSignal> & Pick<ConsideredSignal, "signal" | "value">): ConsideredSignal => ({
  creatorId: "anna", accepted: true, credited: false, reason: "", capturedAt: null, clickId: null, ...fields,
});
const decision = (signal: AttributionDecision["signal"], considered: ConsideredSignal[]): AttributionDecision => ({
  creatorId: signal === null ? null : "anna", signal, reason: "", considered, flags: [],
});

describe("readOrderCreditColumns", () => {
  it.each([
    ["a code alone", decision("code", [signal({ signal: "code", value: "anna10", credited: true })]), null, { creditedCode: "anna10", creditedSignal: "code", creatorTouched: false }],
    ["a code with the creator's cart ref", decision("code", [signal({ signal: "code", value: "ANNA10", credited: true }), signal({ signal: "link", value: "r_anna" })]), null, { creditedCode: "ANNA10", creditedSignal: "code", creatorTouched: true }],
    ["a code with the creator's click joined", decision("code", [signal({ signal: "code", value: "ANNA10", credited: true })]), "click-row-1", { creditedCode: "ANNA10", creditedSignal: "code", creatorTouched: true }],
    ["a code with ANOTHER creator's landing ref", decision("code", [signal({ signal: "code", value: "ANNA10", credited: true }), signal({ signal: "landing_site", value: "r_bo", creatorId: "bo" })]), null, { creditedCode: "ANNA10", creditedSignal: "code", creatorTouched: false }],
    ["a landing_site ref", decision("landing_site", [signal({ signal: "landing_site", value: "r_anna", credited: true })]), null, { creditedCode: null, creditedSignal: "landing_site", creatorTouched: true }],
    ["a lifetime customer referral", decision("customer", [signal({ signal: "customer", value: "gid://shopify/Customer/1", credited: true })]), null, { creditedCode: null, creditedSignal: "customer", creatorTouched: false }],
    ["no creator", decision(null, [signal({ signal: "code", value: "WELCOME", creatorId: null, accepted: false })]), null, { creditedCode: null, creditedSignal: null, creatorTouched: false }],
  ] as const)("%s", (_name, input, clickId, expected) => {
    expect(readOrderCreditColumns(input, clickId)).toEqual(expected);
  });
});

describe("readOrderSignalColumns", () => {
  const none = { browserIp: null, userAgent: null, acceptLanguage: null, email: null, phone: null, shippingAddress: null, referringSite: null, landingSite: null };

  it("hashes the normalised identity values and reads the traffic signals", () => {
    const columns = readOrderSignalColumns({
      ...none,
      browserIp: "198.51.100.7",
      userAgent: "Mozilla/5.0",
      email: "A.Nna+x@googlemail.com",
      phone: "0033 6 12 34 56 78",
      shippingAddress: { line1: "1 Main Street", line2: "Apartment 2", city: "Paris", region: null, postalCode: "75001", country: "FR" },
      referringSite: "https://www.Honey.com/shop",
      landingSite: "/?fbclid=abc&utm_medium=Paid_Social&ref=r_anna",
    }, KEY);
    expect(columns).toEqual({
      browserIpHash: hashSignal("ip", "198.51.100.7", KEY),
      userAgentHash: hashSignal("ua", "Mozilla/5.0", KEY),
      customerEmailKey: hashSignal("email", "anna@gmail.com", KEY),
      customerPhoneKey: hashSignal("phone", "612345678", KEY),
      shippingAddressKey: hashSignal("address", "1 main st apt 2|75001|fr", KEY),
      referringDomain: "honey.com",
      adClickIds: ["fbclid"],
      landingUtmMedium: "paid_social",
    });
  });

  it("keeps nulls for missing values, a phone too short to be one and text that is not an email", () => {
    expect(readOrderSignalColumns({ ...none, phone: "12-34", email: "not an email" }, KEY)).toEqual({
      browserIpHash: null, userAgentHash: null, customerEmailKey: null, customerPhoneKey: null, shippingAddressKey: null, referringDomain: null, adClickIds: [], landingUtmMedium: null,
    });
  });
});
