/**
 * The risk scan's set-wise loaders on PostgreSQL: days bucketed in the shop's time zone by the database, the window's
 * orders and click bursts, the program's figures, the identity keys creators share, disposable-email applicants;
 * every query scoped by shop.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../../db.server";
import { DEFAULT_FRAUD_SETTINGS } from "../../../domain/fraud/fraud-settings";
import { createMigratedDatabase } from "../../../../tests/support/app-test-harness";
import { loadShopHistories, type ScannedCreator } from "./load-creator-histories.server";
import { loadDisposableEmailApplicants, loadIdentityLinks } from "./load-identity-links.server";
import { loadProgramBaseline } from "./load-program-baseline.server";
import { readScanPeriod, type RiskScanPeriod } from "./risk-scan-period";

const postgresUrl = inject("postgresUrl");
const TOKYO = "loaders-tokyo.myshopify.com";
const NEW_YORK = "loaders-ny.myshopify.com";
const NOW = new Date("2026-12-07T12:00:00.000Z");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let db: Database;
let sequence = 0;

async function createShop(shop: string, ianaTimezone: string) {
  await db.shop.create({ data: { shop, name: shop, currencyCode: "USD", ianaTimezone } });
}

async function createCreator(shop: string, handle: string, extra: { email?: string; approvedAt?: Date } = {}): Promise<ScannedCreator> {
  const creator = await db.creator.create({
    data: { shop, handle, name: handle, email: extra.email ?? `${handle}@gmail.com`, refToken: `ref-${shop}-${handle}`, status: "approved", approvedAt: extra.approvedAt ?? new Date(NOW.getTime() - 400 * DAY) },
  });
  return { id: creator.id, name: creator.name, approvedAt: creator.approvedAt };
}

type OrderInput = { at: Date; code?: boolean; touched?: boolean; refunded?: boolean; cancelled?: boolean; customer?: string; base?: bigint; referringDomain?: string };

async function createOrder(shop: string, creatorId: string, input: OrderInput): Promise<string> {
  sequence += 1;
  const shopifyOrderId = `gid://shopify/Order/${sequence}`;
  await db.attributedOrder.create({
    data: {
      shop, shopifyOrderId, shopifyOrderLegacyId: String(sequence), name: `#${sequence}`, orderCreatedAt: input.at, currency: "USD", presentmentCurrency: "USD",
      baseMinor: input.base ?? 1_000n, presentmentBaseMinor: input.base ?? 1_000n, test: false, attribution: {}, creatorId, status: "attributed",
      sourceWebhookEventId: `wh-${sequence}`, recordedAt: input.at, creditedSignal: input.code ? "code" : "link", creditedCode: input.code ? "CODE10" : null,
      creatorTouched: input.touched ?? !input.code, firstRefundedAt: input.refunded ? new Date(input.at.getTime() + DAY) : null,
      cancelledAt: input.cancelled ? new Date(input.at.getTime() + HOUR) : null, customerEmailKey: input.customer ?? null, referringDomain: input.referringDomain ?? null,
    },
  });
  return shopifyOrderId;
}

async function createClicks(shop: string, creatorId: string, at: Date, count: number, options: { ip?: string; spacingMs?: number; dataCentre?: boolean } = {}) {
  await db.click.createMany({
    data: Array.from({ length: count }, (_, index) => {
      sequence += 1;
      return {
        shop, creatorId, clickId: `click-${sequence}`, landingPath: "/", ipHash: options.ip ?? `ip-${sequence}`, userAgentHash: "ua-1",
        fromDataCentre: options.dataCentre ?? false, createdAt: new Date(at.getTime() + index * (options.spacingMs ?? 1_000)),
      };
    }),
  });
}

function periodOf(shop: string, timeZone: string): RiskScanPeriod {
  return readScanPeriod(shop, timeZone, NOW, DEFAULT_FRAUD_SETTINGS);
}

describe.skipIf(postgresUrl === null)("risk scan loaders (PostgreSQL)", () => {
  let tokyoAnna: ScannedCreator;
  let nyAnna: ScannedCreator;
  let tokyoBen: ScannedCreator;
  let lateOrderId: string;

  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "risk_scan_loaders")).db;
    await createShop(TOKYO, "Asia/Tokyo");
    await createShop(NEW_YORK, "America/New_York");
    tokyoAnna = await createCreator(TOKYO, "anna", { email: "anna@northwind.io" });
    tokyoBen = await createCreator(TOKYO, "ben", { email: "ben@northwind.io" });
    await createCreator(TOKYO, "cara", { email: "cara@gmail.com" });
    await createCreator(TOKYO, "dan", { email: "dan@outlook.com" });
    nyAnna = await createCreator(NEW_YORK, "anna", { email: "anna@northwind.io" });
    // The same instant, 23:30 UTC on 1 December: 08:30 on 2 December in Tokyo, 18:30 on 1 December in New York.
    const lateEvening = new Date("2026-12-01T23:30:00.000Z");
    lateOrderId = await createOrder(TOKYO, tokyoAnna.id, { at: lateEvening, code: true, touched: false, customer: "c-1", referringDomain: "retailmenot.com" });
    await createOrder(NEW_YORK, nyAnna.id, { at: lateEvening });
    await createClicks(TOKYO, tokyoAnna.id, lateEvening, 1);
    await createClicks(NEW_YORK, nyAnna.id, lateEvening, 1);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("buckets an order at 23:30 UTC into the shop's own day: the 2nd in Tokyo, the 1st in New York", async () => {
    const tokyo = (await loadShopHistories(db, periodOf(TOKYO, "Asia/Tokyo"))).build([tokyoAnna]);
    const newYork = (await loadShopHistories(db, periodOf(NEW_YORK, "America/New_York"))).build([nyAnna]);
    expect(tokyo[0]?.days).toEqual([{ day: "2026-12-02", orders: 1, revenueMinor: 1000, codeOrders: 1, codeOnlyOrders: 1, clicks: 1, refundedOrders: 0, cancelledOrders: 0 }]);
    expect(newYork[0]?.days).toEqual([{ day: "2026-12-01", orders: 1, revenueMinor: 1000, codeOrders: 0, codeOnlyOrders: 0, clicks: 1, refundedOrders: 0, cancelledOrders: 0 }]);
    expect(tokyo[0]?.windowOrders).toEqual([
      { orderId: lateOrderId, name: expect.any(String), placedAt: new Date("2026-12-01T23:30:00.000Z"), day: "2026-12-02", code: "CODE10", codeOnly: true, customerKey: "c-1", referringDomain: "retailmenot.com", refunded: false, cancelled: false },
    ]);
    expect(tokyo[0]?.firstOrderAt).toEqual(new Date("2026-12-01T23:30:00.000Z"));
  });

  it("the day boundary is the shop's midnight: 14:59 UTC is still the 7th in Tokyo and 15:00 UTC is the 8th (after `now`, so not loaded)", async () => {
    const shop = "loaders-boundary.myshopify.com";
    await createShop(shop, "Asia/Tokyo");
    const eve = await createCreator(shop, "eve");
    await createOrder(shop, eve.id, { at: new Date("2026-12-06T14:59:59.000Z") });
    await createOrder(shop, eve.id, { at: new Date("2026-12-06T15:00:00.000Z") });
    await createOrder(shop, eve.id, { at: new Date("2026-12-07T13:00:00.000Z") });
    const [history] = (await loadShopHistories(db, periodOf(shop, "Asia/Tokyo"))).build([eve]);
    expect(history?.days.map((day) => [day.day, day.orders])).toEqual([["2026-12-06", 1], ["2026-12-07", 1]]);
  });

  it("a velocity spike, refunds and cancellations per day; the window's orders newest first; window clicks with data-centre counts", async () => {
    const shop = "loaders-spike.myshopify.com";
    await createShop(shop, "UTC");
    const fay = await createCreator(shop, "fay");
    for (let daysAgo = 20; daysAgo >= 2; daysAgo--) await createOrder(shop, fay.id, { at: new Date(NOW.getTime() - daysAgo * DAY) });
    for (let index = 0; index < 5; index++) await createOrder(shop, fay.id, { at: new Date(NOW.getTime() - DAY + index * HOUR), refunded: index < 2, cancelled: index === 4 });
    await createClicks(shop, fay.id, new Date(NOW.getTime() - 3 * DAY), 4, { dataCentre: true });
    await createClicks(shop, fay.id, new Date(NOW.getTime() - 100 * DAY), 3);
    const [history] = (await loadShopHistories(db, periodOf(shop, "UTC"))).build([fay]);
    const spike = history?.days.find((day) => day.day === "2026-12-06");
    expect(spike).toMatchObject({ orders: 5, refundedOrders: 2, cancelledOrders: 1 });
    expect(history?.days.find((day) => day.day === "2026-11-17")).toMatchObject({ orders: 1 });
    // Clicks 100 days ago are in the series (the period is 120 days) but not in the window's totals.
    expect(history?.days.find((day) => day.day === "2026-08-29")).toMatchObject({ orders: 0, clicks: 3 });
    expect(history?.windowClicks).toEqual({ total: 4, fromDataCentre: 4, automated: 0 });
    const placed = history?.windowOrders.map((order) => order.placedAt.getTime()) ?? [];
    expect(placed).toHaveLength(24);
    expect([...placed].sort((a, b) => b - a)).toEqual(placed);
  });

  it("click bursts: 40 clicks of one IP and browser within 10 minutes are one burst of 40; scattered clicks are none", async () => {
    const shop = "loaders-bursts.myshopify.com";
    await createShop(shop, "UTC");
    const gus = await createCreator(shop, "gus");
    const start = new Date(NOW.getTime() - 2 * DAY);
    await createClicks(shop, gus.id, start, 40, { ip: "ip-bot", spacingMs: 15_000 });
    await createClicks(shop, gus.id, new Date(start.getTime() + HOUR), 5, { ip: "ip-bot", spacingMs: 30 * 60_000 });
    await createClicks(shop, gus.id, start, 10, { spacingMs: 60_000 });
    const [history] = (await loadShopHistories(db, periodOf(shop, "UTC"))).build([gus]);
    expect(history?.clickBursts).toEqual([
      { ipHash: "ip-bot", userAgentHash: "ua-1", clicks: 40, firstAt: start, lastAt: new Date(start.getTime() + 39 * 15_000) },
    ]);
  });

  it("program figures from every creator's baseline period (the days before the window); new creators' first-days orders", async () => {
    const shop = "loaders-program.myshopify.com";
    await createShop(shop, "UTC");
    const period = periodOf(shop, "UTC");
    const old = await createCreator(shop, "old");
    const newcomer = await createCreator(shop, "new", { approvedAt: new Date(NOW.getTime() - 30 * DAY) });
    const baselineDay = new Date(NOW.getTime() - (period.windowDays + 10) * DAY);
    await createOrder(shop, old.id, { at: baselineDay, code: true, touched: false, refunded: true });
    await createOrder(shop, old.id, { at: baselineDay, code: true, touched: true });
    await createOrder(shop, old.id, { at: baselineDay, cancelled: true });
    await createOrder(shop, old.id, { at: baselineDay });
    await createClicks(shop, old.id, baselineDay, 8);
    // In the window: not part of the program's baseline.
    await createOrder(shop, old.id, { at: new Date(NOW.getTime() - DAY), code: true, touched: false, refunded: true });
    for (let index = 0; index < 3; index++) await createOrder(shop, newcomer.id, { at: new Date(NOW.getTime() - (29 - index) * DAY) });
    await createOrder(shop, newcomer.id, { at: new Date(NOW.getTime() - 2 * DAY) });
    const histories = await loadShopHistories(db, period);
    const program = await loadProgramBaseline(db, period, histories.baselineTotals, histories.dailyOrders);
    expect({ ...program, dailyOrders: undefined }).toEqual({ codeOnlyShare: 0.5, refundRate: 0.25, cancelRate: 0.25, ordersPerClick: 0.5, newCreatorFirstOrders: [3], dailyOrders: undefined });
    // Orders per day of the whole program: every day of the period, gaps as 0.
    const daily = program.dailyOrders ?? [];
    expect(daily).toHaveLength(period.baselineDays + period.windowDays);
    expect(daily[0]?.day).toBe("2026-08-10");
    expect(daily.at(-1)?.day).toBe("2026-12-07");
    expect(daily.find((day) => day.day === baselineDay.toISOString().slice(0, 10))?.orders).toBe(4);
    expect(daily.reduce((total, day) => total + day.orders, 0)).toBe(9);
  });

  it("identity keys two creators share: payout destination, current tax id, device, a private email domain; public webmail and other shops left out", async () => {
    const cara = (await db.creator.findFirstOrThrow({ where: { shop: TOKYO, handle: "cara" } })).id;
    const dan = (await db.creator.findFirstOrThrow({ where: { shop: TOKYO, handle: "dan" } })).id;
    await db.creatorPayoutProfile.createMany({
      data: [
        { shop: TOKYO, creatorId: tokyoAnna.id, method: "paypal", paypalEmail: "pay@northwind.io", destinationKey: "dest-1" },
        { shop: TOKYO, creatorId: cara, method: "paypal", paypalEmail: "pay@northwind.io", destinationKey: "dest-1" },
        { shop: TOKYO, creatorId: dan, method: "paypal", paypalEmail: "dan@gmail.com", destinationKey: "dest-2" },
        { shop: NEW_YORK, creatorId: nyAnna.id, method: "paypal", paypalEmail: "dan@gmail.com", destinationKey: "dest-2" },
      ],
    });
    const taxForm = { kind: "w9", legalName: "X", country: "US", address: {}, tinType: "ssn", signatureName: "X", signedAt: NOW };
    await db.creatorTaxForm.createMany({
      data: [
        { ...taxForm, shop: TOKYO, creatorId: tokyoBen.id, tinKey: "tin-1", tinLast4: "6789" },
        { ...taxForm, shop: TOKYO, creatorId: dan, tinKey: "tin-1", tinLast4: "6789" },
        // A superseded form does not link: only current forms count.
        { ...taxForm, shop: TOKYO, creatorId: cara, tinKey: "tin-2", supersededAt: NOW },
        { ...taxForm, shop: TOKYO, creatorId: tokyoAnna.id, tinKey: "tin-2" },
      ],
    });
    const session = { createdAt: NOW, lastSeenAt: NOW, expiresAt: new Date(NOW.getTime() + DAY) };
    await db.creatorPortalSession.createMany({
      data: [
        { ...session, shop: TOKYO, creatorId: cara, sessionHash: "s1", deviceHash: "device-1" },
        { ...session, shop: TOKYO, creatorId: dan, sessionHash: "s2", deviceHash: "device-1" },
        { ...session, shop: TOKYO, creatorId: dan, sessionHash: "s3", deviceHash: "device-2" },
      ],
    });
    const links = await loadIdentityLinks(db, TOKYO);
    const sorted = (ids: string[]) => [...ids].sort();
    expect(links.map((link) => ({ ...link, creatorIds: sorted([...link.creatorIds]) }))).toEqual([
      { kind: "payout_destination", key: "dest-1", label: "PayPal ••••@northwind.io", creatorIds: sorted([tokyoAnna.id, cara]) },
      { kind: "tin", key: "tin-1", label: "tax id ••••6789", creatorIds: sorted([tokyoBen.id, dan]) },
      { kind: "device", key: "device-1", label: "the same browser", creatorIds: sorted([cara, dan]) },
      { kind: "email_domain", key: "northwind.io", label: "domain northwind.io", creatorIds: sorted([tokyoAnna.id, tokyoBen.id]) },
    ]);
  });

  it("applicants with a disposable email domain; a creator added without an application is not one", async () => {
    const shop = "loaders-disposable.myshopify.com";
    await createShop(shop, "UTC");
    const applicant = await createCreator(shop, "temp", { email: "someone@mailinator.com" });
    await createCreator(shop, "added", { email: "added@mailinator.com" });
    const honest = await createCreator(shop, "honest", { email: "honest@gmail.com" });
    await db.creatorApplication.createMany({ data: [{ shop, creatorId: applicant.id }, { shop, creatorId: honest.id }] });
    expect(await loadDisposableEmailApplicants(db, shop)).toEqual([{ creatorId: applicant.id, domain: "mailinator.com" }]);
  });
});
