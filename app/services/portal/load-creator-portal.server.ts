/**
 * What the creator portal shows, as pre-formatted view models for app/domain/portal's renderers. Every query names
 * the shop AND the creator, so one creator's portal can only ever read that creator's rows in that shop. Orders are
 * shown by name, date and amounts only: nothing about the shopper who placed them.
 */
import QRCode from "qrcode";
import type { Database } from "../../db.server";
import { computePortalMetrics } from "../../domain/portal/compute-portal-metrics";
import { renderDailyChartSvg, type DailyPoint } from "../../portal/render-daily-chart-svg";
import { summarizeEarnings } from "../../domain/portal/summarize-earnings";
import type { PortalAssetsView, PortalLinksView, PortalOrdersView, PortalOverviewView } from "../../portal/render-portal-pages";
import { formatMoney, type Money } from "../../domain/money";
import { addDays, buildReportingDays, toLocalDay } from "../../domain/reporting";
import { Prisma } from "../../generated/prisma/client";
import { loadCreatorCodesAndLinks } from "../codes-links/load-creator-codes-and-links.server";
import type { PortalCreator } from "./creator-portal-auth.server";
import { formatShopDate } from "../../domain/reporting/format-shop-date";

export const OVERVIEW_DAYS = 30;
const LIST_LIMIT = 100;

export interface PortalShop {
  shop: string;
  name: string;
  currency: string;
  timeZone: string;
  storefrontHost: string;
}

export async function loadPortalShop(db: Database, shop: string): Promise<PortalShop | null> {
  const row = await db.shop.findUnique({ where: { shop } });
  if (!row || row.uninstalledAt) return null;
  return { shop, name: row.name, currency: row.currencyCode, timeZone: row.ianaTimezone, storefrontHost: row.primaryDomainHost ?? shop };
}

const money = (shop: PortalShop, amountMinor: bigint | null | undefined): string => formatMoney({ amountMinor: amountMinor ?? 0n, currency: shop.currency });

async function countPerLocalDay(db: Database, table: "Click" | "AttributedOrder", shop: PortalShop, creatorId: string, since: Date): Promise<Map<string, number>> {
  // Buckets by the shop's calendar day in SQL, so the chart agrees with the shop's reports whatever the volume.
  const column = table === "Click" ? Prisma.raw(`"createdAt"`) : Prisma.raw(`"orderCreatedAt"`);
  const onlyAttributed = table === "AttributedOrder" ? Prisma.sql`AND status = 'attributed'` : Prisma.empty;
  const rows = await db.$queryRaw<Array<{ day: string; count: number }>>`
    SELECT to_char((${column} AT TIME ZONE 'UTC') AT TIME ZONE ${shop.timeZone}, 'YYYY-MM-DD') AS day, count(*)::int AS count
    FROM ${Prisma.raw(`"${table}"`)}
    WHERE shop = ${shop.shop} AND "creatorId" = ${creatorId} AND ${column} >= ${since} ${onlyAttributed}
    GROUP BY 1`;
  return new Map(rows.map((row) => [row.day, row.count]));
}

/** Signals that mean the shopper came through one of the creator's links (a tracked click, or ?ref= on landing). */
const LINK_SIGNALS = ["link", "landing_site"];

/**
 * Attributed orders since `since` split by how they came, and the commission earned on the link ones. Orders that
 * came from a link: joined to the click their cart named (exact), or credited by a link signal when the
 * click beacon was never recorded. Code orders are the others credited by a code; they are shown apart.
 */
async function countOrdersBySignal(db: Database, shop: PortalShop, creatorId: string, since: Date) {
  const [counts, earned] = await Promise.all([
    db.$queryRaw<Array<{ linkOrders: number; codeOrders: number }>>`
      SELECT count(*) FILTER (WHERE "clickId" IS NOT NULL OR attribution->>'signal' = ANY(${LINK_SIGNALS}))::int AS "linkOrders",
             count(*) FILTER (WHERE "clickId" IS NULL AND attribution->>'signal' = 'code')::int AS "codeOrders"
      FROM "AttributedOrder"
      WHERE shop = ${shop.shop} AND "creatorId" = ${creatorId} AND "orderCreatedAt" >= ${since} AND status = 'attributed'`,
    db.$queryRaw<Array<{ earned: bigint }>>`
      SELECT COALESCE(sum(c."netMinor"), 0)::bigint AS earned
      FROM "Commission" c JOIN "AttributedOrder" o ON o.shop = c.shop AND o."shopifyOrderId" = c."shopifyOrderId"
      WHERE c.shop = ${shop.shop} AND c."creatorId" = ${creatorId} AND c."orderCreatedAt" >= ${since}
        AND (o."clickId" IS NOT NULL OR o.attribution->>'signal' = ANY(${LINK_SIGNALS}))`,
  ]);
  return { linkOrders: counts[0]?.linkOrders ?? 0, codeOrders: counts[0]?.codeOrders ?? 0, linkEarnedMinor: earned[0]?.earned ?? 0n };
}

export async function loadPortalOverview(db: Database, shop: PortalShop, creator: PortalCreator, now: Date): Promise<PortalOverviewView> {
  const today = toLocalDay(now, shop.timeZone);
  const days = buildReportingDays({ from: addDays(today, -(OVERVIEW_DAYS - 1)), to: today }, shop.timeZone);
  const since = days[0]?.start ?? now;
  const where = { shop: shop.shop, creatorId: creator.id };
  const [clicksPerDay, ordersPerDay, bySignal, byStatus] = await Promise.all([
    countPerLocalDay(db, "Click", shop, creator.id, since),
    countPerLocalDay(db, "AttributedOrder", shop, creator.id, since),
    countOrdersBySignal(db, shop, creator.id, since),
    db.commission.groupBy({ by: ["status"], where, _sum: { netMinor: true, paidMinor: true } }),
  ]);
  const points: DailyPoint[] = days.map(({ day }) => ({ day, clicks: clicksPerDay.get(day) ?? 0, orders: ordersPerDay.get(day) ?? 0 }));
  const clicks = points.reduce((sum, point) => sum + point.clicks, 0);
  const orders = points.reduce((sum, point) => sum + point.orders, 0);
  const linkEarned: Money = { amountMinor: bySignal.linkEarnedMinor, currency: shop.currency };
  const metrics = computePortalMetrics({ clicks, linkOrders: bySignal.linkOrders, codeOrders: bySignal.codeOrders, linkEarned });

  const earnings = summarizeEarnings(byStatus.map((row) => ({ status: row.status, netMinor: row._sum.netMinor, paidMinor: row._sum.paidMinor })));
  return {
    creatorName: creator.name,
    days: OVERVIEW_DAYS,
    clicks,
    orders,
    linkOrders: bySignal.linkOrders,
    codeOrders: metrics.codeOrders,
    conversionRateText: metrics.conversionRateText,
    earningsPerClickText: metrics.earningsPerClick ? formatMoney(metrics.earningsPerClick) : "—",
    pendingText: money(shop, earnings.pendingMinor),
    approvedText: money(shop, earnings.approvedMinor),
    paidText: money(shop, earnings.paidMinor),
    chartSvg: renderDailyChartSvg(points, `Clicks and orders per day, last ${OVERVIEW_DAYS} days`),
    statusNote: creator.status === "paused" ? "Your account is paused: your links and code do not earn new commissions for now." : null,
  };
}

export async function loadPortalLinks(db: Database, shop: PortalShop, creator: PortalCreator): Promise<PortalLinksView> {
  const loaded = await loadCreatorCodesAndLinks(db, shop.shop, creator.id, shop.storefrontHost);
  const codes = (loaded?.codes ?? []).filter((code) => code.status === "active");
  const links = [
    { label: "Home page", url: loaded?.homeUrl ?? "", discountUrl: null as string | null },
    ...(loaded?.links ?? []).map((link) => ({ label: link.label ?? link.path, url: link.url, discountUrl: link.discountUrl })),
  ].filter((link) => link.url !== "");
  return {
    creatorName: creator.name,
    codes: codes.map((code) => ({ code: code.code, valueLabel: code.valueLabel })),
    links: await Promise.all(
      links.map(async (link) => ({ ...link, qrSvg: await QRCode.toString(link.url, { type: "svg", errorCorrectionLevel: "M", margin: 1 }) })),
    ),
  };
}

// A held commission reads "On hold, under review" and nothing more: never the rule, its evidence or the hold reason.
const COMMISSION_STATUS_LABELS: Record<string, string> = { pending: "Pending", approved: "Approved", paid: "Paid", reversed: "Reversed", on_hold: "On hold, under review" };

export async function loadPortalOrders(db: Database, shop: PortalShop, creator: PortalCreator): Promise<PortalOrdersView> {
  const orders = await db.attributedOrder.findMany({
    where: { shop: shop.shop, creatorId: creator.id, status: "attributed" },
    orderBy: { orderCreatedAt: "desc" },
    take: LIST_LIMIT,
    // Only what a creator may see: never the customer, email hash or attribution details.
    select: { shopifyOrderId: true, name: true, orderCreatedAt: true, baseMinor: true, cancelledAt: true },
  });
  const commissions = await db.commission.findMany({
    where: { shop: shop.shop, creatorId: creator.id, shopifyOrderId: { in: orders.map((order) => order.shopifyOrderId) } },
    select: { shopifyOrderId: true, netMinor: true, status: true },
  });
  const byOrder = new Map(commissions.map((commission) => [commission.shopifyOrderId, commission]));
  return {
    creatorName: creator.name,
    orders: orders.map((order) => {
      const commission = byOrder.get(order.shopifyOrderId);
      return {
        name: order.name ?? "Order",
        date: formatShopDate(order.orderCreatedAt, shop.timeZone),
        amountText: money(shop, order.baseMinor),
        commissionText: money(shop, commission?.netMinor),
        status: order.cancelledAt ? "Cancelled" : (COMMISSION_STATUS_LABELS[commission?.status ?? ""] ?? "—"),
      };
    }),
  };
}

export async function loadPortalAssets(db: Database, shop: PortalShop, creator: PortalCreator): Promise<PortalAssetsView> {
  const loaded = await loadCreatorCodesAndLinks(db, shop.shop, creator.id, shop.storefrontHost);
  const link = loaded?.homeUrl ?? `https://${shop.storefrontHost}/`;
  const code = loaded?.codes.find((candidate) => candidate.status === "active");
  const offer = code ? ` Use my code ${code.code} for ${code.valueLabel}.` : "";
  return {
    creatorName: creator.name,
    assets: [
      { title: "Post caption", text: `I've been loving ${shop.name}!${offer} Shop here: ${link}` },
      { title: "Story or bio link", text: link },
      { title: "Short message", text: code ? `${code.code} gets you ${code.valueLabel} at ${shop.name}: ${link}` : `Check out ${shop.name}: ${link}` },
    ],
  };
}
