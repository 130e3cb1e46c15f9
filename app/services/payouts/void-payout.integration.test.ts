/**
 * Voiding a payout recorded by mistake, on a real PostgreSQL database. Commissions are made the real way
 * (real-shaped orders/paid payloads through recordOrderWebhook), approved, paid, then the payout is voided.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../db.server";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { createFixtureOrderRecorder, seedFixtureOrderShop, readLedgerRows } from "../../../tests/support/record-fixture-order";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import { changeCommissionStatuses } from "../orders-commissions/change-commission-status.server";
import { createPayout } from "./create-payout.server";
import { listCreatorsOwed } from "./list-creators-owed.server";
import { voidPayout } from "./void-payout.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "void-usd.myshopify.com";
const OTHER_SHOP = "void-other.myshopify.com";
const NOW = new Date("2026-12-31T12:00:00.000Z");
const STAFF = "staff:1001";

let db: Database;
let amelia: { id: string };

const recordOrder = createFixtureOrderRecorder(() => db, { now: NOW, firstOrderId: 6_200_000_000_001 });

const entriesOf = (commissionId: string) => readLedgerRows(db, commissionId);

async function status(commissionId: string) {
  return (await db.commission.findUniqueOrThrow({ where: { id: commissionId } })).status;
}

describe.skipIf(postgresUrl === null)("voiding a payout (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "void_payouts");
    db = created.db;
    // Recording orders hashes customer emails with a key derived from the app secret.
    useTestAppEnvironment(created.url, "test-secret");
    amelia = await seedFixtureOrderShop(db, SHOP);
    await seedFixtureOrderShop(db, OTHER_SHOP);
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("record a payout, void it with a reason: the creator is owed again exactly, append-only, audited; twice is refused; other shops cannot", async () => {
    const one = await recordOrder(SHOP, 1);
    const two = await recordOrder(SHOP, 1);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [one.id, two.id], now: NOW });
    const owedBefore = await listCreatorsOwed(db, SHOP);
    expect(owedBefore.creators[0]?.plan.total.amountMinor).toBe(1784n);

    const recorded = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId: amelia.id, method: "paypal", reference: "PP-WRONG", requestKey: "form-void-1", now: NOW });
    if (!recorded.ok || recorded.outcomes[0]?.outcome !== "created") throw new Error("expected a payout");
    const payout = recorded.outcomes[0].payout;
    expect(await status(one.id)).toBe("paid");
    expect(await listCreatorsOwed(db, SHOP)).toMatchObject({ creators: [] });

    // A reason is required.
    expect(await voidPayout({ db, shop: SHOP, actor: STAFF, payoutId: payout.id, reason: "   ", now: NOW })).toMatchObject({ ok: false, status: 400, message: expect.stringMatching(/reason/i) as unknown });
    // Another shop cannot void it (and learns nothing about it).
    expect(await voidPayout({ db, shop: OTHER_SHOP, actor: STAFF, payoutId: payout.id, reason: "Not mine", now: NOW })).toMatchObject({ ok: false, status: 404 });
    expect(await db.payout.findUniqueOrThrow({ where: { id: payout.id } })).toMatchObject({ voidedAt: null });

    const VOID_AT = new Date(NOW.getTime() + 60_000);
    const voided = await voidPayout({ db, shop: SHOP, actor: "staff:2002", payoutId: payout.id, reason: "Paid the wrong PayPal account", now: VOID_AT });
    expect(voided).toMatchObject({ ok: true, payout: { id: payout.id, voidedBy: "staff:2002", voidReason: "Paid the wrong PayPal account" } });

    // Owed again exactly: the same plan as before the payout, commissions approved again.
    const owedAfter = await listCreatorsOwed(db, SHOP);
    expect(owedAfter.creators.map((creator) => [creator.creatorId, creator.plan.payable, creator.plan.total.amountMinor])).toEqual([[amelia.id, true, 1784n]]);
    expect(await status(one.id)).toBe("approved");
    expect(await status(two.id)).toBe("approved");
    // Append-only: the payout row is kept, a new opposite payout row is appended per commission.
    expect(await entriesOf(one.id)).toEqual([
      ["accrual", 892n, "pending", "webhook"],
      ["approval", 0n, "approved", STAFF],
      ["payout", 892n, "paid", STAFF],
      ["payout", -892n, "approved", "staff:2002"],
    ]);
    const audit = await db.auditEvent.findMany({ where: { shop: SHOP, action: "payout.voided", subjectId: payout.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: "staff:2002", reason: "Paid the wrong PayPal account", details: { amountMinor: "1784", commissionIds: expect.arrayContaining([one.id, two.id]) as unknown } });

    // Voiding twice (or two at once) is refused and changes nothing.
    const again = await Promise.all([
      voidPayout({ db, shop: SHOP, actor: STAFF, payoutId: payout.id, reason: "again", now: VOID_AT }),
      voidPayout({ db, shop: SHOP, actor: STAFF, payoutId: payout.id, reason: "again", now: VOID_AT }),
    ]);
    for (const result of again) expect(result).toMatchObject({ ok: false, status: 409, message: expect.stringMatching(/already voided/) as unknown });
    expect(await db.ledgerEntry.count({ where: { shop: SHOP, commissionId: one.id } })).toBe(4);
    expect(await db.auditEvent.count({ where: { shop: SHOP, action: "payout.voided" } })).toBe(1);

    // And the creator can be paid again for the same commissions.
    const repaid = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId: amelia.id, method: "paypal", reference: "PP-RIGHT", requestKey: "form-void-2", now: VOID_AT });
    expect(repaid).toMatchObject({ ok: true, outcomes: [{ outcome: "created", payout: { amountMinor: 1784n, commissionCount: 2 } }] });
    expect(await status(one.id)).toBe("paid");
  });

  it("concurrent voids of one payout append its reversal rows once", async () => {
    const one = await recordOrder(SHOP, 1);
    await changeCommissionStatuses({ db, shop: SHOP, actor: STAFF, action: "approve", commissionIds: [one.id], now: NOW });
    const recorded = await createPayout({ db, shop: SHOP, actor: STAFF, creatorId: amelia.id, method: "other", requestKey: "form-void-3", now: NOW });
    if (!recorded.ok || recorded.outcomes[0]?.outcome !== "created") throw new Error("expected a payout");
    const payoutId = recorded.outcomes[0].payout.id;
    const results = await Promise.all([1, 2, 3].map(() => voidPayout({ db, shop: SHOP, actor: STAFF, payoutId, reason: "Duplicate entry", now: NOW })));
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(await db.ledgerEntry.count({ where: { shop: SHOP, commissionId: one.id, kind: "payout" } })).toBe(2);
    expect(await status(one.id)).toBe("approved");
  });
});
