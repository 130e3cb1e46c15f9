/**
 * The program's defaults, one row per shop. Created on first use with the shop's currency; every change bumps
 * `version`, appends a copy of the new version to ProgramSettingsVersion (never updated: commissions keep the id
 * of the version they accrued under, and edits and re-tiers are priced with it) and leaves an AuditEvent holding
 * exactly what changed.
 */
import type { Database } from "../../db.server";
import type { ParsedProgramSettings } from "../../domain/program/parse-program-settings-form";
import { ProgramRulesError, toStoredTiers } from "../../domain/program/program-rules";
import { readProgramSettings } from "../../domain/program/read-program-settings";
import type { Prisma, ProgramSettings } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { findShop } from "../../repositories/shop-repository.server";
import { isUniqueViolation } from "../../repositories/is-unique-violation.server";
import { appendSettingsVersion } from "../../repositories/program-settings-version-repository.server";

export type ProgramSettingsInput = ParsedProgramSettings;

export class ProgramSettingsError extends Error {
  override name = "ProgramSettingsError";
}

export async function loadProgramSettings(db: Database, shop: string): Promise<ProgramSettings> {
  const existing = await db.programSettings.findUnique({ where: { shop } });
  if (existing) return existing;
  const shopRow = await findShop(db, shop);
  if (!shopRow) {
    throw new ProgramSettingsError(`Affable has no record of ${shop} yet: open the app from the Shopify admin once so it can read the shop's currency.`);
  }
  try {
    const created = await db.programSettings.create({ data: { shop, currency: shopRow.currencyCode } });
    await appendSettingsVersion(db, created, created.updatedAt);
    return created;
  } catch (error) {
    // Two first requests at once: the other one created the defaults, which is all we wanted.
    if (!isUniqueViolation(error)) throw error;
    const created = await db.programSettings.findUnique({ where: { shop } });
    if (!created) throw error;
    return created;
  }
}

/**
 * The stored settings as typed values, for the settings page. A row whose rule columns no longer read (see
 * program-rules.ts) still opens, with those rules empty and `problem` saying so: saving the page is how the merchant
 * repairs it, so it must not be the page that breaks.
 */
export async function loadEditableProgramSettings(db: Database, shop: string): Promise<{ row: ProgramSettings; values: ParsedProgramSettings; problem: string | null }> {
  const row = await loadProgramSettings(db, shop);
  try {
    return { row, values: readProgramSettings(row), problem: null };
  } catch (error) {
    if (!(error instanceof ProgramRulesError)) throw error;
    return { row, values: readProgramSettings({ ...row, productRates: [], collectionRates: [], tiers: [] }), problem: error.message };
  }
}

/** The columns as written to the database (JSON rules in their stored form). */
function toStoredSettings(input: ProgramSettingsInput) {
  return {
    ...input,
    tiers: toStoredTiers(input.tiers),
    productRates: input.productRates.map((rate) => ({ ...rate })),
    collectionRates: input.collectionRates.map((rate) => ({ ...rate })),
  } satisfies Prisma.ProgramSettingsUpdateManyMutationInput;
}

type JsonDiffValue = Prisma.InputJsonValue | null;

/** BigInts as strings so the diff is valid JSON; JSON rules as they are stored. */
function toComparable(value: unknown): JsonDiffValue {
  if (typeof value === "bigint") return value.toString();
  return (value ?? null) as JsonDiffValue;
}

/** JSON text with object keys sorted: PostgreSQL's jsonb does not keep key order, so plain stringify would see changes that are not there. */
function stringifyCanonically(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : inner,
  );
}

/** Field → { from, to } for every field that changes; a changed rule list shows its whole before and after. */
export function diffProgramSettings(before: ProgramSettings, input: ProgramSettingsInput): Record<string, { from: JsonDiffValue; to: JsonDiffValue }> {
  const diff: Record<string, { from: JsonDiffValue; to: JsonDiffValue }> = {};
  for (const [key, value] of Object.entries(toStoredSettings(input)) as Array<[keyof ProgramSettingsInput, unknown]>) {
    const from = toComparable(before[key]);
    const to = toComparable(value);
    if (stringifyCanonically(from) !== stringifyCanonically(to)) diff[key] = { from, to };
  }
  return diff;
}

/**
 * Saves the settings if they are still at `expectedVersion` (when given): a second admin tab saving over newer
 * settings gets a message instead of silently undoing someone's change.
 */
export async function updateProgramSettings(
  db: Database,
  shop: string,
  actor: string,
  input: ProgramSettingsInput,
  expectedVersion?: number,
): Promise<{ settings: ProgramSettings; changed: string[] }> {
  const before = await loadProgramSettings(db, shop);
  if (expectedVersion !== undefined && before.version !== expectedVersion) {
    throw new ProgramSettingsError("Someone saved the program settings while you were editing. Reload the page to see their changes, then save again.");
  }
  const diff = diffProgramSettings(before, input);
  const changed = Object.keys(diff);
  if (changed.length === 0) return { settings: before, changed };
  const settings = await db.$transaction(async (tx) => {
    const updated = await tx.programSettings.updateMany({
      where: { shop, version: before.version },
      data: { ...toStoredSettings(input), version: { increment: 1 } },
    });
    if (updated.count !== 1) {
      throw new ProgramSettingsError("Someone saved the program settings at the same moment. Reload the page, then save again.");
    }
    const after = await tx.programSettings.findUniqueOrThrow({ where: { shop } });
    // Both ends are kept: `before` too, in case it was written before versions were kept (a no-op otherwise).
    await appendSettingsVersion(tx, before, before.updatedAt);
    await appendSettingsVersion(tx, after, after.updatedAt);
    await recordAuditEvent(tx, {
      shop,
      actor,
      action: "program_settings.updated",
      subjectType: "program_settings",
      subjectId: shop,
      details: { fromVersion: before.version, toVersion: after.version, changes: diff },
    });
    return after;
  });
  return { settings, changed };
}
