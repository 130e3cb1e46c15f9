/**
 * The AttributedOrder risk columns (Part 8), computed once when an order is first recorded, from what the payload
 * said (ReadOrder.risk) and how attribution decided. Identity values are normalised (app/domain/fraud
 * normalize-identity.ts) and stored only as keyed hashes (hashSignal), so they compare with creators, clicks and
 * portal sessions without being kept; traffic signals (referring domain, ad click ids, utm_medium) are stored as read.
 *
 * Pure apart from the HMAC key: no queries, a handful of hashes per order (the order path stays cheap).
 */
import type { AttributionDecision } from "../../domain/attribution";
import { normaliseAddress, normaliseEmail, normalisePhone, readLandingSignals, readReferringDomain } from "../../domain/fraud";
import { hashOptionalSignal, hashSignal } from "../../security/hash-signal.server";
import type { OrderRiskSignals } from "../../webhooks/orders/read-order-payload";

export type OrderSignalColumns = {
  browserIpHash: string | null;
  userAgentHash: string | null;
  customerEmailKey: string | null;
  customerPhoneKey: string | null;
  shippingAddressKey: string | null;
  referringDomain: string | null;
  adClickIds: string[];
  landingUtmMedium: string | null;
};

export type OrderCreditColumns = {
  creditedCode: string | null;
  creditedSignal: string | null;
  creatorTouched: boolean;
};

export function readOrderSignalColumns(risk: OrderRiskSignals, key?: Buffer): OrderSignalColumns {
  const landing = readLandingSignals(risk.landingSite);
  const email = risk.email === null ? null : normaliseEmail(risk.email);
  const phone = risk.phone === null ? null : normalisePhone(risk.phone);
  return {
    // IP and user agent hash exactly as click tracking hashes them (the value as the browser sent it), so they meet.
    browserIpHash: hashOptionalSignal("ip", risk.browserIp, key),
    userAgentHash: hashOptionalSignal("ua", risk.userAgent, key),
    customerEmailKey: email === null || !email.includes("@") ? null : hashSignal("email", email, key),
    customerPhoneKey: hashOptionalSignal("phone", phone, key),
    shippingAddressKey: risk.shippingAddress === null ? null : hashSignal("address", normaliseAddress(risk.shippingAddress), key),
    referringDomain: readReferringDomain(risk.referringSite),
    adClickIds: landing.adClickIds,
    landingUtmMedium: landing.utmMedium,
  };
}

/**
 * What credited the creator: the signal, the code as typed (code orders), and whether the order carried anything of
 * the credited creator besides their code — a cart ref (link), a landing_site ref, or their click joined to the order.
 * The leaked-code rule compares the share of code-only orders (creatorTouched = false) with the creator's usual share.
 */
export function readOrderCreditColumns(decision: AttributionDecision, joinedClickId: string | null): OrderCreditColumns {
  if (decision.creatorId === null || decision.signal === null) return { creditedCode: null, creditedSignal: null, creatorTouched: false };
  const credited = decision.considered.find((signal) => signal.credited);
  const touched = decision.considered.some((signal) => signal.creatorId === decision.creatorId && (signal.signal === "link" || signal.signal === "landing_site"));
  return {
    creditedCode: decision.signal === "code" ? (credited?.value ?? null) : null,
    creditedSignal: decision.signal,
    creatorTouched: touched || joinedClickId !== null,
  };
}
