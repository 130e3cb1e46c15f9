/**
 * The program's defaults, one row per shop. Created on first use with the shop's currency; every change bumps
 * `version` (commissions snapshot it) and leaves an AuditEvent holding exactly what changed.
 */
import type { Database } from "../db.server";
import type { ProgramSettings } from "../generated/prisma/client";
import { recordAuditEvent } from "../repositories/audit-event-repository.server";
import { findShop } from "../repositories/shop-repository.server";
import { isUniqueViolation } from "../repositories/is-unique-violation.server";

export type ProgramSettingsInput = Omit<ProgramSettings, "shop" | "currency" | "version" | "updatedAt">;

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
    return await db.programSettings.create({ data: { shop, currency: shopRow.currencyCode } });
  } catch (error) {
    // Two first requests at once: the other one created the defaults, which is all we wanted.
    if (!isUniqueViolation(error)) throw error;
    const created = await db.programSettings.findUnique({ where: { shop } });
    if (!created) throw error;
    return created;
  }
}

function toComparable(value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** Field → { from, to } for every field that changes; BigInts as strings so the diff is valid JSON. */
export function diffProgramSettings(before: ProgramSettings, input: ProgramSettingsInput): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(input) as Array<[keyof ProgramSettingsInput, unknown]>) {
    const from = toComparable(before[key]);
    const to = toComparable(value);
    if (from !== to) diff[key] = { from, to };
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
      data: { ...input, version: { increment: 1 } },
    });
    if (updated.count !== 1) {
      throw new ProgramSettingsError("Someone saved the program settings at the same moment. Reload the page, then save again.");
    }
    const after = await tx.programSettings.findUniqueOrThrow({ where: { shop } });
    await recordAuditEvent(tx, {
      shop,
      actor,
      action: "program_settings.updated",
      subjectType: "program_settings",
      subjectId: shop,
      details: { fromVersion: before.version, toVersion: after.version, changes: diff as Record<string, { from: string | number | boolean | null; to: string | number | boolean | null }> },
    });
    return after;
  });
  return { settings, changed };
}
