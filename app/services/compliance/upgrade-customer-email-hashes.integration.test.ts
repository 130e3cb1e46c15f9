/**
 * Rows written before email hashes were keyed hold a bare SHA-256. The upgrade rewrites them in place (the email is
 * not needed) to exactly what hashEmail() gives now, so a customers/redact or data request by email still finds
 * the shopper's old orders; it is idempotent and leaves keyed and pseudonymised values alone.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createMigratedDatabase } from "../../../tests/support/app-test-harness";
import { useTestAppEnvironment } from "../../../tests/support/webhook-requests";
import type { Database } from "../../db.server";
import { hashEmail } from "./redact-customer-identity.server";

const postgresUrl = inject("postgresUrl");
const SHOP = "legacy-hash.myshopify.com";
let db: Database;

const bareSha256 = (email: string) => createHash("sha256").update(email).digest("hex");

async function seedOrder(id: string, customerEmailHash: string | null) {
  const at = new Date("2026-10-01T00:00:00Z");
  await db.attributedOrder.create({
    data: {
      shop: SHOP,
      shopifyOrderId: `gid://shopify/Order/${id}`,
      shopifyOrderLegacyId: id,
      orderCreatedAt: at,
      currency: "USD",
      presentmentCurrency: "USD",
      customerEmailHash,
      test: false,
      attribution: {},
      status: "unattributed",
      sourceWebhookEventId: `event-${id}`,
      recordedAt: at,
    },
  });
}

describe.skipIf(postgresUrl === null)("upgrading legacy customer email hashes (PostgreSQL)", () => {
  beforeAll(async () => {
    const created = await createMigratedDatabase(postgresUrl ?? "", "legacy_hash");
    useTestAppEnvironment(created.url, "legacy-hash-secret");
    db = created.db;
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("rewrites bare SHA-256 hashes to the keyed hash of the same email, once", async () => {
    const { upgradeLegacyCustomerEmailHashes } = await import("./upgrade-customer-email-hashes.server");
    await seedOrder("1", bareSha256("jon@example.com"));
    await seedOrder("2", bareSha256("jon@example.com"));
    await seedOrder("3", hashEmail("ana@example.com"));
    await seedOrder("4", `redacted:${"a".repeat(64)}`);
    await seedOrder("5", null);
    await db.dataRequest.create({ data: { shop: SHOP, customerEmailHash: bareSha256("jon@example.com"), report: {}, webhookEventId: "dr-1", createdAt: new Date() } });

    expect(await upgradeLegacyCustomerEmailHashes(db)).toBe(3);
    const byId = Object.fromEntries((await db.attributedOrder.findMany({ where: { shop: SHOP } })).map((order) => [order.shopifyOrderLegacyId, order.customerEmailHash]));
    expect(byId).toEqual({ "1": hashEmail("jon@example.com"), "2": hashEmail("jon@example.com"), "3": hashEmail("ana@example.com"), "4": `redacted:${"a".repeat(64)}`, "5": null });
    expect((await db.dataRequest.findFirstOrThrow({ where: { shop: SHOP } })).customerEmailHash).toBe(hashEmail("jon@example.com"));
    // What customers/redact and data requests match on: the shopper's email finds both old orders.
    expect(await db.attributedOrder.count({ where: { shop: SHOP, customerEmailHash: hashEmail(" JON@example.com") } })).toBe(2);
    expect(await upgradeLegacyCustomerEmailHashes(db)).toBe(0);
  });
});
