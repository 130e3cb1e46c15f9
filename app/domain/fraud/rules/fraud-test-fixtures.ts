/*
 * Builders for the rules' table tests (imported by *.test.ts only): an order with its creator, and creators with a
 * daily history, with defaults that pass every rule.
 */
import { addDays } from "../../reporting/add-days";
import { COUPON_SITES } from "../coupon-sites";
import { DEFAULT_FRAUD_SETTINGS, type FraudRuleSettingsMap } from "../fraud-settings";
import type { CreatorDay, CreatorHistory, CreatorIdentity, HistoryRuleInput, OrderRiskFacts, OrderRuleInput, ProgramBaseline, WindowOrder } from "../fraud-types";

export const NOW = new Date("2026-12-07T03:00:00Z");
export const TODAY = "2026-12-06";

export function orderFacts(overrides: Partial<OrderRiskFacts> = {}): OrderRiskFacts {
  return {
    orderId: "order-1",
    orderName: "#1001",
    placedAt: new Date("2026-12-06T15:00:00Z"),
    creatorId: "anna",
    creditedSignal: "link",
    creditedCode: null,
    creatorTouched: true,
    customerId: "cust-9",
    customerEmailKey: "email-key-customer",
    customerPhoneKey: "phone-key-customer",
    shippingAddressKey: "address-key-customer",
    browserIpHash: "ip-customer",
    userAgentHash: "ua-customer",
    referringDomain: null,
    adClickIds: [],
    landingUtmMedium: null,
    click: null,
    ...overrides,
  };
}

export function creatorIdentity(overrides: Partial<CreatorIdentity> = {}): CreatorIdentity {
  return {
    creatorId: "anna",
    customerIds: ["cust-anna"],
    emailKeys: ["email-key-anna"],
    phoneKeys: ["phone-key-anna"],
    addressKeys: ["address-key-anna"],
    portalDevices: [{ ipHash: "ip-anna", userAgentHash: "ua-anna", seenAt: new Date("2026-12-01T10:00:00Z") }],
    ...overrides,
  };
}

export function orderInput(order: Partial<OrderRiskFacts> = {}, rest: Partial<Omit<OrderRuleInput, "order">> = {}): OrderRuleInput {
  return { order: orderFacts(order), creator: creatorIdentity(), couponSites: new Set(COUPON_SITES), paidSearchForbidden: true, ...rest };
}

/** One CreatorDay per day from `from` to `to` (inclusive), from `make` (return null to leave the day out). */
export function dayRange(from: string, to: string, make: (day: string, index: number) => Partial<CreatorDay> | null): CreatorDay[] {
  const days: CreatorDay[] = [];
  for (let day = from, index = 0; day <= to; day = addDays(day, 1), index += 1) {
    const made = make(day, index);
    if (made === null) continue;
    days.push({ day, orders: 0, revenueMinor: 0, codeOrders: 0, codeOnlyOrders: 0, clicks: 0, refundedOrders: 0, cancelledOrders: 0, ...made });
  }
  return days;
}

let orderSequence = 0;
export function windowOrder(overrides: Partial<WindowOrder> & { day: string }): WindowOrder {
  orderSequence += 1;
  return {
    orderId: `o-${orderSequence}`,
    name: `#${1000 + orderSequence}`,
    placedAt: new Date(`${overrides.day}T12:00:00Z`),
    code: null,
    codeOnly: false,
    customerKey: `customer-${orderSequence}`,
    referringDomain: null,
    refunded: false,
    cancelled: false,
    ...overrides,
  };
}

export function creatorHistory(overrides: Partial<CreatorHistory> = {}): CreatorHistory {
  return {
    creatorId: "anna",
    name: "Anna",
    approvedAt: new Date("2026-01-01T00:00:00Z"),
    firstOrderAt: new Date("2026-01-05T00:00:00Z"),
    days: [],
    windowOrders: [],
    windowClicks: { total: 0, fromDataCentre: 0, automated: 0 },
    clickBursts: [],
    ...overrides,
  };
}

export const PROGRAM: ProgramBaseline = { codeOnlyShare: 0.25, refundRate: 0.06, cancelRate: 0.02, ordersPerClick: 0.02, newCreatorFirstOrders: [] };

export function historyInput(creators: readonly CreatorHistory[], overrides: Partial<HistoryRuleInput> = {}): HistoryRuleInput {
  return { today: TODAY, creators, program: PROGRAM, identities: [], disposableEmails: [], couponSites: new Set(COUPON_SITES), ...overrides };
}

export function settingsWith<K extends keyof FraudRuleSettingsMap>(rule: K, patch: Partial<FraudRuleSettingsMap[K]>): FraudRuleSettingsMap {
  return { ...DEFAULT_FRAUD_SETTINGS, [rule]: { ...DEFAULT_FRAUD_SETTINGS[rule], ...patch } };
}
