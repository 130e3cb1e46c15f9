/**
 * The Payouts page's "Owed now" list at scale, on a real PostgreSQL database: 300 creators with 100 commissions each
 * (30,000, the size that took 85 s when every unpaid commission was loaded and copied per creator), summed in SQL.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { listCreatorsOwed } from "./list-creators-owed.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "owed-scale.myshopify.com";

let db: Database;

describe.skipIf(postgresUrl === null)("listCreatorsOwed at scale (PostgreSQL)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "owed_scale")).db;
    await db.shop.create({ data: { shop: SHOP, name: SHOP, currencyCode: "USD", ianaTimezone: "UTC" } });
    await db.programSettings.create({ data: { shop: SHOP, currency: "USD", minimumPayoutMinor: 25_000n } });
    await db.$executeRaw`
      INSERT INTO "Creator" (id, shop, handle, name, email, "refToken", status, "updatedAt")
      SELECT 'cr' || lpad(n::text, 4, '0'), ${SHOP}, 'creator' || n, 'Creator ' || lpad(n::text, 4, '0'), 'c' || n || '@example.com', 'ref' || n, 'approved', now()
      FROM generate_series(1, 300) AS n`;
    // Per creator: 60 approved ($5.00), 20 pending ($3.00), 10 on hold ($2.00), 9 paid in full, 1 clawback of $1.00.
    await db.$executeRaw`
      INSERT INTO "Commission" (id, shop, "shopifyOrderId", "creatorId", status, currency, "netMinor", "paidMinor", "ruleVersionId", derivation, "ledgerState", "orderCreatedAt", "createdAt", "updatedAt")
      SELECT 'cm' || c || '-' || k, ${SHOP}, 'gid://shopify/Order/' || (c * 1000 + k), 'cr' || lpad(c::text, 4, '0'),
        (CASE WHEN k <= 60 THEN 'approved' WHEN k <= 80 THEN 'pending' WHEN k <= 90 THEN 'on_hold' ELSE 'paid' END)::"CommissionStatus",
        'USD',
        CASE WHEN k <= 60 THEN 500 WHEN k <= 80 THEN 300 WHEN k <= 90 THEN 200 WHEN k <= 99 THEN 400 ELSE 300 END,
        CASE WHEN k <= 90 THEN 0 WHEN k <= 99 THEN 400 ELSE 400 END,
        'program-settings:v1', '{}', '{}', now(), now(), now()
      FROM generate_series(1, 300) AS c, generate_series(1, 100) AS k`;
    // Creators 1–10 are below the minimum ($250.00): ten of their approved commissions were reversed.
    await db.$executeRaw`UPDATE "Commission" SET status = 'reversed', "netMinor" = 0 WHERE shop = ${SHOP} AND "creatorId" <= 'cr0010' AND id LIKE 'cm%' AND split_part(id, '-', 2)::int <= 10`;
  }, 120_000);
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("sums 30,000 commissions per creator in SQL, payable first, paged", { timeout: 20_000 }, async () => {
    const started = performance.now();
    const owed = await listCreatorsOwed(db, SHOP, { skip: 0, take: 25 });
    const elapsedMs = performance.now() - started;

    expect(owed).toMatchObject({ total: 300, payableCount: 290, minimumPayoutMinor: 25_000n, currency: "USD" });
    expect(owed.creators).toHaveLength(25);
    expect(owed.creators[0]).toMatchObject({
      creatorId: "cr0011", creatorName: "Creator 0011",
      plan: { payable: true, total: { amountMinor: 29_900n }, clawbacks: { amountMinor: 100n }, notYetApproved: { amountMinor: 8_000n }, commissionCount: 61 },
    });
    // The last page: payable creators 0286–0300, then the ten below the minimum, by name.
    const last = await listCreatorsOwed(db, SHOP, { skip: 275, take: 25 });
    expect(last.creators.map((creator) => creator.creatorId)).toEqual([
      ...Array.from({ length: 15 }, (_, index) => `cr0${286 + index}`),
      ...Array.from({ length: 10 }, (_, index) => `cr${String(index + 1).padStart(4, "0")}`),
    ]);
    expect(last.creators.at(-1)?.plan).toMatchObject({ payable: false, total: { amountMinor: 24_900n }, commissionCount: 51 });
    expect(last.creators.at(-1)?.plan.reason).toMatch(/^\$249\.00 is below the minimum payout of \$250\.00; it waits for more approved commissions\. \$1\.00 of clawbacks carry over/);
    expect((await listCreatorsOwed(db, SHOP, { skip: 300, take: 25 })).creators).toEqual([]);
    expect(elapsedMs).toBeLessThan(5_000);
  });

  it("shows where to pay by hand by the one PayPal rule: confirmed in the portal, else the creator page's payout email, else the contact email", async () => {
    await db.creator.update({ where: { id: "cr0011" }, data: { payoutEmail: "typed.11@example.com" } });
    await db.creatorPayoutProfile.create({ data: { shop: SHOP, creatorId: "cr0011", method: "paypal", paypalEmail: "confirmed.11@example.com" } });
    await db.creator.update({ where: { id: "cr0012" }, data: { payoutEmail: "typed.12@example.com" } });
    const owed = await listCreatorsOwed(db, SHOP, { skip: 0, take: 3 });
    expect(owed.creators.map((creator) => [creator.creatorId, creator.payoutEmail, creator.payoutEmailSource])).toEqual([
      ["cr0011", "confirmed.11@example.com", "portal"],
      ["cr0012", "typed.12@example.com", "creator_page"],
      ["cr0013", "c13@example.com", "contact_email"],
    ]);
  });
});
