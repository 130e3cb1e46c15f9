/**
 * Idempotency-Key for POST requests. The key is claimed by INSERTING its row first (unique on (shop, apiKeyId,
 * key)); the unique violation tells a repeat apart, never a read-then-write. A claimed row holds
 * responseStatus 0 until the request finishes, then the response. So:
 *   - same key, same body, finished  → the stored response again (with `Idempotent-Replayed: true`),
 *   - same key, same body, still running → 409, try again in a moment,
 *   - same key, different body (or another endpoint) → 422,
 *   - a request that failed with a server error releases its claim, so a retry runs it again,
 *   - a claim is a lease of IDEMPOTENCY_LEASE_MS: a request that crashed (process killed) between claim and
 *     completion does not block its key forever; after the lease a retry takes the claim over with a
 *     compare-and-set on `leaseUntil` (one winner), and the old request can then neither store nor release.
 *     A request still alive after the lease may have run twice: the lease is far longer than any API request.
 */
import { createHash } from "node:crypto";
import type { Database } from "../db.server";
import type { Prisma } from "../generated/prisma/client";
import { isUniqueViolation } from "../repositories/is-unique-violation.server";
import { ApiProblem } from "./problem.server";

const IN_PROGRESS = 0;
export const IDEMPOTENCY_LEASE_MS = 60_000;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

export type IdempotencyClaim =
  | { kind: "claimed"; rowId: string; leaseUntil: Date }
  | { kind: "replay"; status: number; body: unknown };

/** JSON with object keys sorted at every depth, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalizeJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalizeJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalizeJson(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

export function hashRequest(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method} ${path}\n${canonicalizeJson(body)}`, "utf8").digest("hex");
}

export function readIdempotencyKey(request: Request): string | null {
  const key = request.headers.get("Idempotency-Key");
  if (key === null) return null;
  if (!KEY_PATTERN.test(key)) {
    throw new ApiProblem("bad_request", "The Idempotency-Key header must be 1–255 visible ASCII characters, e.g. a UUID.");
  }
  return key;
}

export async function claimIdempotencyKey(
  db: Database,
  input: { shop: string; apiKeyId: string; key: string; method: string; path: string; requestHash: string; now: Date },
): Promise<IdempotencyClaim> {
  const leaseUntil = new Date(input.now.getTime() + IDEMPOTENCY_LEASE_MS);
  try {
    const { now, ...columns } = input;
    const row = await db.apiIdempotencyKey.create({
      data: { ...columns, createdAt: now, responseStatus: IN_PROGRESS, responseBody: {}, leaseUntil },
      select: { id: true },
    });
    return { kind: "claimed", rowId: row.id, leaseUntil };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  const stored = await db.apiIdempotencyKey.findUnique({
    where: { shop_apiKeyId_key: { shop: input.shop, apiKeyId: input.apiKeyId, key: input.key } },
  });
  if (stored === null) {
    // The first request failed and released its claim between our insert and this read: ask for a retry.
    throw new ApiProblem("conflict", "A request with this Idempotency-Key just finished with an error. Send it again.");
  }
  if (stored.requestHash !== input.requestHash) {
    throw new ApiProblem(
      "validation_failed",
      `This Idempotency-Key was already used for a different request (${stored.method} ${stored.path} with another body). Use a new key for a new request.`,
      [{ field: "Idempotency-Key", message: "already used with a different request body" }],
    );
  }
  if (stored.responseStatus === IN_PROGRESS) {
    if (stored.leaseUntil === null || stored.leaseUntil.getTime() <= input.now.getTime()) {
      // The request holding it crashed: take it over only if nobody else did since we read it.
      const taken = await db.apiIdempotencyKey.updateMany({
        where: { shop: input.shop, id: stored.id, responseStatus: IN_PROGRESS, leaseUntil: stored.leaseUntil },
        data: { leaseUntil },
      });
      if (taken.count === 1) return { kind: "claimed", rowId: stored.id, leaseUntil };
    }
    throw new ApiProblem("conflict", "A request with this Idempotency-Key is still being processed. Wait a moment, then send it again.", [], { "Retry-After": "1" });
  }
  return { kind: "replay", status: stored.responseStatus, body: stored.responseBody };
}

type HeldClaim = Extract<IdempotencyClaim, { kind: "claimed" }>;

/** Stores the response, unless the claim was taken over after its lease (then the new holder's answer counts). */
export async function completeIdempotencyKey(db: Database, shop: string, claim: HeldClaim, status: number, body: unknown): Promise<void> {
  await db.apiIdempotencyKey.updateMany({
    where: { shop, id: claim.rowId, responseStatus: IN_PROGRESS, leaseUntil: claim.leaseUntil },
    data: { responseStatus: status, responseBody: body as Prisma.InputJsonValue, leaseUntil: null },
  });
}

export async function releaseIdempotencyKey(db: Database, shop: string, claim: HeldClaim): Promise<void> {
  await db.apiIdempotencyKey.deleteMany({ where: { shop, id: claim.rowId, responseStatus: IN_PROGRESS, leaseUntil: claim.leaseUntil } });
}
