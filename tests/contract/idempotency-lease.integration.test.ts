/**
 * An Idempotency-Key claim is a lease: a request that crashed (process killed between claim and completion) no
 * longer blocks its key with 409 forever. After IDEMPOTENCY_LEASE_MS a retry takes the claim over with a
 * compare-and-set (exactly one of two simultaneous retries wins), and the crashed request, should it wake up, can
 * neither overwrite the new answer nor release the new claim.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Database } from "../../app/db.server";
import { createMigratedDatabase } from "../support/app-test-harness";

const postgresUrl = inject("postgresUrl");
const SHOP = "lease.myshopify.com";
let db: Database;

async function claim(key: string, now: Date) {
  const { claimIdempotencyKey } = await import("../../app/api/idempotency.server");
  return claimIdempotencyKey(db, { shop: SHOP, apiKeyId: "key_1", key, method: "POST", path: "/api/v1/conversions", requestHash: "h1", now });
}

async function claimOutcome(key: string, now: Date): Promise<string> {
  try {
    return (await claim(key, now)).kind;
  } catch (error) {
    return `problem ${(error as { status?: number }).status}`;
  }
}

describe.skipIf(postgresUrl === null)("Idempotency-Key leases (PostgreSQL)", () => {
  beforeAll(async () => {
    db = (await createMigratedDatabase(postgresUrl ?? "", "idem_lease")).db;
  });
  afterAll(async () => {
    await db?.$disconnect();
  });

  it("answers 409 while the first request may still be running, and lets a retry take over after the lease", async () => {
    const IDEMPOTENCY_LEASE_MS = 60_000;
    const start = new Date("2026-12-07T10:00:00Z");
    expect((await claim("crash-1", start)).kind).toBe("claimed");
    expect(await claimOutcome("crash-1", new Date(start.getTime() + 30_000))).toBe("problem 409");
    expect(await claimOutcome("crash-1", new Date(start.getTime() + IDEMPOTENCY_LEASE_MS - 1))).toBe("problem 409");
    const after = new Date(start.getTime() + IDEMPOTENCY_LEASE_MS + 1);
    const outcomes = await Promise.all([claimOutcome("crash-1", after), claimOutcome("crash-1", after), claimOutcome("crash-1", after)]);
    expect(outcomes.sort()).toEqual(["claimed", "problem 409", "problem 409"]);
    expect((await import("../../app/api/idempotency.server")).IDEMPOTENCY_LEASE_MS).toBe(IDEMPOTENCY_LEASE_MS);
  });

  it("keeps the crashed request from overwriting or releasing the claim it lost", async () => {
    const { completeIdempotencyKey, releaseIdempotencyKey, IDEMPOTENCY_LEASE_MS } = await import("../../app/api/idempotency.server");
    const start = new Date("2026-12-07T11:00:00Z");
    const first = await claim("crash-2", start);
    const second = await claim("crash-2", new Date(start.getTime() + IDEMPOTENCY_LEASE_MS + 5_000));
    if (first.kind !== "claimed" || second.kind !== "claimed") throw new Error("expected two claims");
    await releaseIdempotencyKey(db, SHOP, first);
    await completeIdempotencyKey(db, SHOP, first, 201, { from: "the crashed request" });
    expect(await claimOutcome("crash-2", new Date(start.getTime() + IDEMPOTENCY_LEASE_MS + 6_000))).toBe("problem 409");
    await completeIdempotencyKey(db, SHOP, second, 201, { from: "the retry" });
    const replay = await claim("crash-2", new Date(start.getTime() + 10 * IDEMPOTENCY_LEASE_MS));
    expect(replay).toEqual({ kind: "replay", status: 201, body: { from: "the retry" } });
  });
});
