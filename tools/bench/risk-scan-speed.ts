/**
 * How long the nightly risk scan (runRiskScan) takes on a large shop: seeds one shop set-wise with generate_series
 * (RISK_SCAN_CREATORS creators, default 10,000; RISK_SCAN_ORDERS attributed orders over a year, default 1,000,000;
 * three clicks per order; payout profiles, tax forms and portal sessions with a few shared keys), then runs one scan
 * and prints `risk-scan: orders=<n> creators=<n> scanned_in=<ms>ms` with the scan's per-rule summary.
 * The labelled corpus for precision/recall is p8-bench's (tools/bench/fraud.ts); this measures speed only.
 *
 *   DATABASE_URL=postgres://… node --import tsx tools/bench/risk-scan-speed.ts        (an EMPTY, migrated database)
 *   RISK_SCAN_SKIP_SEED=1 … to scan again without seeding (a new manual scan key each run).
 */
import pg from "pg";

const SHOP = "risk-bench.myshopify.com";
const NOW = new Date("2026-12-07T09:00:00.000Z");

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith("postgres")) throw new Error("Set DATABASE_URL to an empty, migrated PostgreSQL database (postgres://…).");
const creators = Number(process.env.RISK_SCAN_CREATORS ?? 10_000);
const orders = Number(process.env.RISK_SCAN_ORDERS ?? 1_000_000);

async function seed(client: pg.Client): Promise<void> {
  const at = NOW.toISOString().slice(0, 23);
  const steps: [string, string, unknown[]][] = [
    ["shop", `INSERT INTO "Shop" (shop, name, "currencyCode", "ianaTimezone", "updatedAt") VALUES ($1, 'Risk bench', 'USD', 'America/New_York', now())`, [SHOP]],
    // Creators approved over the last 400 days; every 500th pair shares a company email domain.
    ["creators", `
      INSERT INTO "Creator" (id, shop, handle, name, email, "refToken", status, "updatedAt", "approvedAt", "createdAt")
      SELECT 'cr' || lpad(i::text, 6, '0'), $1, 'creator' || i, 'Creator ' || i,
        'creator' || i || CASE WHEN i % 500 < 2 THEN '@studio' || (i / 500) || '.example' ELSE '@gmail.com' END,
        'ref' || i, 'approved', now(), $2::timestamp - (i % 400) * interval '1 day', $2::timestamp - (i % 400) * interval '1 day'
      FROM generate_series(1, $3::int) AS i`, [SHOP, at, creators]],
    // Orders over the year before NOW, creators skewed (a few big, many small); 45 % by code, 60 % of those code-only.
    ["orders", `
      INSERT INTO "AttributedOrder" (id, shop, "shopifyOrderId", "shopifyOrderLegacyId", name, "orderCreatedAt", currency, "presentmentCurrency",
        "baseMinor", "presentmentBaseMinor", "customerId", "customerEmailKey", test, attribution, "creatorId", status, "sourceWebhookEventId", "recordedAt", "updatedAt",
        "creditedCode", "creditedSignal", "creatorTouched", "firstRefundedAt", "cancelledAt", "referringDomain")
      SELECT 'o' || i, $1, 'gid://shopify/Order/' || i, i::text, '#' || i, t, 'USD', 'USD', b, b,
        'gid://shopify/Customer/' || (hashint % 400000), 'ek' || (hashint % 400000), false, '{}'::jsonb, c, 'attributed', 'wh' || i, t, t,
        CASE WHEN code THEN 'CODE' || c END, CASE WHEN code THEN 'code' ELSE 'link' END, NOT (code AND hashint % 10 < 6),
        CASE WHEN hashint % 20 = 0 THEN t + interval '5 days' END, CASE WHEN hashint % 50 = 1 THEN t + interval '1 hour' END,
        CASE WHEN hashint % 7 = 0 THEN 'instagram.com' END
      FROM (
        SELECT i, $2::timestamp - (random() * 365) * interval '1 day' AS t, (1000 + random() * 20000)::bigint AS b,
          'cr' || lpad((1 + floor(power(random(), 2) * $3::int))::int::text, 6, '0') AS c, random() < 0.45 AS code,
          abs(hashtext(i::text)) AS hashint
        FROM generate_series(1, $4::int) AS i
      ) s`, [SHOP, at, creators, orders]],
    ["clicks", `
      INSERT INTO "Click" (id, shop, "creatorId", "clickId", "landingPath", "ipHash", "userAgentHash", "fromDataCentre", automated, "createdAt")
      SELECT 'k' || i, $1, 'cr' || lpad((1 + floor(power(random(), 2) * $3::int))::int::text, 6, '0'), 'click' || i, '/',
        'ip' || (abs(hashtext(i::text)) % 2000000), 'ua' || (i % 300), i % 97 = 0, i % 131 = 0, $2::timestamp - (random() * 365) * interval '1 day'
      FROM generate_series(1, $4::int * 3) AS i`, [SHOP, at, creators, orders]],
    // A burst: one IP + user agent clicking one creator's link 40 times in 10 minutes, yesterday.
    ["burst", `
      INSERT INTO "Click" (id, shop, "creatorId", "clickId", "landingPath", "ipHash", "userAgentHash", "createdAt")
      SELECT 'burst' || i, $1, 'cr000042', 'burst' || i, '/', 'ip-burst', 'ua-burst', $2::timestamp - interval '1 day' + i * interval '15 seconds'
      FROM generate_series(1, 40) AS i`, [SHOP, at]],
    ["payout profiles", `
      INSERT INTO "CreatorPayoutProfile" (id, shop, "creatorId", method, "paypalEmail", "destinationKey", "updatedAt")
      SELECT 'pp' || i, $1, 'cr' || lpad(i::text, 6, '0'), 'paypal', 'creator' || i || '@gmail.com',
        'dest' || CASE WHEN i % 1000 = 1 THEN i + 1 ELSE i END, now()
      FROM generate_series(1, $2::int) AS i`, [SHOP, creators]],
    ["tax forms", `
      INSERT INTO "CreatorTaxForm" (id, shop, "creatorId", kind, "legalName", country, address, "tinType", "tinLast4", "tinKey", "signatureName", "signedAt")
      SELECT 'tf' || i, $1, 'cr' || lpad(i::text, 6, '0'), 'w9', 'Creator ' || i, 'US', '{}'::jsonb, 'ssn', lpad((i % 10000)::text, 4, '0'),
        'tin' || CASE WHEN i % 1500 = 7 THEN i + 1 ELSE i END, 'Creator ' || i, now()
      FROM generate_series(1, $2::int) AS i`, [SHOP, creators]],
    ["portal sessions", `
      INSERT INTO "CreatorPortalSession" (id, shop, "creatorId", "sessionHash", "deviceHash", "createdAt", "lastSeenAt", "expiresAt")
      SELECT 'ps' || i, $1, 'cr' || lpad((1 + i % $2::int)::text, 6, '0'), 'sh' || i, 'dev' || CASE WHEN i % 2000 = 3 THEN i + 1 ELSE i END, now(), now(), now() + interval '30 days'
      FROM generate_series(1, $2::int * 2) AS i`, [SHOP, creators]],
    ["analyze", `ANALYZE`, []],
  ];
  for (const [label, text, values] of steps) {
    const started = performance.now();
    await client.query(text, values);
    console.info(`seeded ${label} in ${Math.round(performance.now() - started)} ms`);
  }
}

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
try {
  if (process.env.RISK_SCAN_SKIP_SEED !== "1") await seed(client);
} finally {
  await client.end();
}

if (process.env.RISK_SCAN_SEED_ONLY === "1") process.exit(0);
// The app's modules read the environment on import (db.server opens DATABASE_URL): a bench needs no Shopify app.
process.env.SHOPIFY_API_KEY ??= "bench-api-key";
process.env.SHOPIFY_API_SECRET ??= "bench-api-secret";
process.env.SHOPIFY_APP_URL ??= "https://bench.example.com";
process.env.SCOPES ??= "read_orders";
const { createDatabase } = await import("../../app/db.server");
const { runRiskScan } = await import("../../app/services/fraud/risk-scan/run-risk-scan.server");
const db = createDatabase(databaseUrl);
try {
  const started = performance.now();
  const result = await runRiskScan(db, {
    shop: SHOP,
    scanKey: `manual:bench-${Date.now()}`,
    now: NOW,
    onProgress: ({ creatorsDone, creatorsTotal }) => console.info(`  ${creatorsDone}/${creatorsTotal} creators, ${Math.round(performance.now() - started)} ms`),
  });
  const ms = Math.round(performance.now() - started);
  console.info(`risk-scan: orders=${orders} creators=${creators} scanned_in=${ms}ms`);
  console.info(JSON.stringify(result, null, 2));
} finally {
  await db.$disconnect();
}
