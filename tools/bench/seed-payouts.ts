/**
 * Seeds the payout benchmark's shop straight into PostgreSQL with set-based SQL (generate_series), because a
 * million commissions through the webhook path would take hours: creators with payout profiles, and commissions in
 * every state a payout run must tell apart — approved (owed), pending, on hold, paid, and paid-then-refunded
 * (a clawback). Each commission's ledgerState is a real state produced by the ledger domain (app/domain/ledger) for
 * its status, with the order and creator ids substituted, so approving a run appends to valid ledgers.
 */
import pg from "pg";
import { toLedgerJson } from "../../app/db/ledger-json.ts";
import { applyEvent, type CommissionLedgerState, type LedgerEntry, type LedgerEvent } from "../../app/domain/ledger/index.ts";

export type PayoutBenchShape = { shop: string; creators: number; commissionsPerCreator: number };

/** Per 100 commissions of a creator: which status each slot has (and its cached net / paid). */
const STATUS_SLOTS: ReadonlyArray<{ upTo: number; status: "approved" | "pending" | "on_hold" | "paid" | "reversed" }> = [
  { upTo: 35, status: "approved" },
  { upTo: 70, status: "pending" },
  { upTo: 75, status: "on_hold" },
  { upTo: 98, status: "paid" },
  { upTo: 100, status: "reversed" }, // paid, then fully refunded: owed −750 (a clawback)
];

const ORDER_AT = new Date("2026-10-01T12:00:00.000Z");
const ACCRUAL_MINOR = 750n;

function ledgerTemplate(status: (typeof STATUS_SLOTS)[number]["status"]): { state: CommissionLedgerState; entries: LedgerEntry[] } {
  const currency = "USD";
  const events: LedgerEvent[] = [{
    type: "order_created", eventId: "order_created:ORDER_ID", orderId: "ORDER_ID", creatorId: "CREATOR_ID", orderCreatedAt: ORDER_AT, test: false,
    commission: { ruleVersionId: "program-settings:v1", currency, lines: [{ lineItemId: "LINE_ID", quantity: 1, commission: { amountMinor: ACCRUAL_MINOR, currency } }] },
  }];
  if (status === "on_hold") events.push({ type: "commission_held", eventId: "hold:bench", reason: "Benchmark: under review" });
  if (status !== "pending" && status !== "on_hold") events.push({ type: "commission_approved", eventId: "approval:bench" });
  if (status === "paid" || status === "reversed") events.push({ type: "payout_paid", eventId: "payout:bench", payoutId: "bench-history" });
  if (status === "reversed") {
    events.push({
      type: "refund_created", eventId: "refund:bench", refundId: "bench", createdAt: new Date("2026-11-01T00:00:00Z"),
      refundLineItems: [{ lineItemId: "LINE_ID", quantity: 1, subtotal: { amountMinor: 7_500n, currency } }], orderAdjustments: [],
    });
  }
  let state: CommissionLedgerState | null = null;
  const entries: LedgerEntry[] = [];
  for (const event of events) {
    const result = applyEvent(state, event, new Date("2026-11-15T00:00:00Z"));
    if (result.outcome !== "applied") throw new Error(`The benchmark's ${status} ledger did not apply ${event.type}: ${result.outcome}`);
    state = result.state;
    entries.push(...result.entries);
  }
  if (state === null || state.status !== status) throw new Error(`The benchmark's ${status} ledger ended ${state?.status}.`);
  return { state, entries };
}

export async function seedPayoutBench(databaseUrl: string, shape: PayoutBenchShape): Promise<{ commissions: number }> {
  const client = new pg.Client({ connectionString: databaseUrl });
  // A connection the server drops (the benchmark stopping its cluster on Ctrl-C) fails the running query, which
  // rejects; without a listener the client's 'error' event would also crash the process before its cleanup ends.
  client.on("error", () => undefined);
  await client.connect();
  try {
    const { shop, creators, commissionsPerCreator } = shape;
    await client.query(`INSERT INTO "Shop"(shop, name, "currencyCode", "ianaTimezone", "updatedAt") VALUES ($1, $1, 'USD', 'America/New_York', now())`, [shop]);
    await client.query(`INSERT INTO "ProgramSettings"(shop, currency, "minimumPayoutMinor", "updatedAt") VALUES ($1, 'USD', 5000, now())`, [shop]);
    await client.query(`INSERT INTO "PayoutSettings"(shop, "updatedAt") VALUES ($1, now())`, [shop]);
    // 1 % paused, the rest approved.
    await client.query(
      `INSERT INTO "Creator"(id, shop, handle, name, email, status, "refToken", "createdAt", "updatedAt")
       SELECT 'bc' || n, $1, 'creator' || n, 'Creator ' || n, 'creator' || n || '@bench.example',
              (CASE WHEN n % 100 = 0 THEN 'paused' ELSE 'approved' END)::"CreatorStatus", 'r_bench' || n, now(), now()
       FROM generate_series(1, $2::int) AS n`,
      [shop, creators],
    );
    // PayPal for most, store credit for some, nothing chosen for 2 %.
    await client.query(
      `INSERT INTO "CreatorPayoutProfile"(id, shop, "creatorId", method, "paypalEmail", "updatedAt", "createdAt")
       SELECT 'bp' || n, $1, 'bc' || n,
              (CASE WHEN n % 50 = 1 THEN 'store_credit' ELSE 'paypal' END)::"PayoutRunMethod",
              CASE WHEN n % 50 = 1 THEN NULL ELSE 'creator' || n || '@paypal.bench.example' END, now(), now()
       FROM generate_series(1, $2::int) AS n WHERE n % 50 <> 2`,
      [shop, creators],
    );
    for (const [index, slot] of STATUS_SLOTS.entries()) {
      const from = index === 0 ? 0 : STATUS_SLOTS[index - 1]!.upTo;
      const { state, entries } = ledgerTemplate(slot.status);
      const stateText = JSON.stringify(toLedgerJson(state));
      // Slots [from, upTo) of every 100 commissions of each creator get this status.
      await client.query(
        `INSERT INTO "Commission"(id, shop, "shopifyOrderId", "creatorId", status, currency, "netMinor", "paidMinor", "ruleVersionId",
                                  derivation, "ledgerState", "orderCreatedAt", "createdAt", "updatedAt")
         SELECT 'bm' || c || '_' || k, $1, 'gid://shopify/Order/' || (c * 1000 + k), 'bc' || c, $2::"CommissionStatus", 'USD', $3::bigint, $4::bigint,
                'program-settings:v1', '{}'::jsonb,
                replace(replace($5::text, 'ORDER_ID', 'gid://shopify/Order/' || (c * 1000 + k)), 'CREATOR_ID', 'bc' || c)::jsonb,
                $6::timestamptz, $6::timestamptz, now()
         FROM generate_series(1, $7::int) AS c, generate_series(0, $8::int - 1) AS k
         WHERE k % 100 >= $9 AND k % 100 < $10`,
        [shop, slot.status, state.netMinor.toString(), state.paidMinor.toString(), stateText, ORDER_AT, creators, commissionsPerCreator, from, slot.upTo],
      );
      for (const [position, entry] of entries.entries()) {
        await client.query(
          `INSERT INTO "LedgerEntry"(id, shop, "commissionId", kind, "amountMinor", currency, "sourceKey", actor, "statusAfter", note, "createdAt")
           SELECT 'bl' || c || '_' || k || '_' || $2::int, $1, 'bm' || c || '_' || k, $3::"LedgerEntryKind", $4::bigint, 'USD',
                  replace($5::text, 'ORDER_ID', 'gid://shopify/Order/' || (c * 1000 + k)), 'system', $6::"CommissionStatus", $7, $8::timestamptz
           FROM generate_series(1, $9::int) AS c, generate_series(0, $10::int - 1) AS k
           WHERE k % 100 >= $11 AND k % 100 < $12`,
          [shop, position, entry.kind, entry.amount.amountMinor.toString(), entry.eventId, entry.statusAfter, entry.description, ORDER_AT, creators, commissionsPerCreator, from, slot.upTo],
        );
      }
    }
    await client.query(`ANALYZE "Commission"; ANALYZE "LedgerEntry"; ANALYZE "Creator"`);
    const counted = await client.query<{ count: string }>(`SELECT count(*)::text AS count FROM "Commission" WHERE shop = $1`, [shop]);
    return { commissions: Number(counted.rows[0]?.count ?? 0) };
  } finally {
    await client.end();
  }
}
