/**
 * Kept versions of a shop's ProgramSettings (append-only, always scoped by shop). ProgramSettings is the row the
 * settings page edits; every version it has ever had is also kept here, so a commission can be re-priced (order
 * edit, re-tier) with the rules it accrued under.
 */
import type { Prisma, ProgramSettings, ProgramSettingsVersion } from "../generated/prisma/client";

type Client = Pick<Prisma.TransactionClient, "programSettingsVersion">;

/** The settings columns a commission is priced with: a ProgramSettings row or one of its kept versions. */
export type PricingSettings = Omit<ProgramSettings, "updatedAt">;

function toVersionRow(settings: ProgramSettings, now: Date): Prisma.ProgramSettingsVersionCreateManyInput {
  const { updatedAt: _updatedAt, productRates, collectionRates, tiers, ...columns } = settings;
  return {
    ...columns,
    productRates: productRates as Prisma.InputJsonValue,
    collectionRates: collectionRates as Prisma.InputJsonValue,
    tiers: tiers as Prisma.InputJsonValue,
    createdAt: now,
  };
}

/** Appends the copy of `settings` at its version; a version already kept is left exactly as it was kept. */
export async function appendSettingsVersion(db: Client, settings: ProgramSettings, now: Date): Promise<void> {
  await db.programSettingsVersion.createMany({ data: [toVersionRow(settings, now)], skipDuplicates: true });
}

/**
 * The kept copy of the settings' current version. Settings rows written without the settings service (seeds,
 * older data) get theirs appended on first use, so every commission can name the version it accrued under.
 */
export async function ensureSettingsVersion(db: Client, settings: ProgramSettings, now: Date): Promise<ProgramSettingsVersion> {
  const where = { shop_version: { shop: settings.shop, version: settings.version } };
  const kept = await db.programSettingsVersion.findUnique({ where });
  if (kept !== null) return kept;
  await appendSettingsVersion(db, settings, now);
  return db.programSettingsVersion.findUniqueOrThrow({ where });
}

/**
 * The settings version a commission accrued under: by its settingsVersionId, or, for commissions accrued before
 * versions were kept, by the version its ruleVersionId names ("program-settings:v3"). Null when that version was
 * never kept (it was overwritten before this table existed).
 */
export async function findCommissionSettingsVersion(
  db: Client,
  commission: { shop: string; settingsVersionId: string | null; ruleVersionId: string },
): Promise<ProgramSettingsVersion | null> {
  if (commission.settingsVersionId !== null) {
    return db.programSettingsVersion.findUnique({ where: { shop_id: { shop: commission.shop, id: commission.settingsVersionId } } });
  }
  const named = /^program-settings:v(\d+)$/.exec(commission.ruleVersionId);
  if (named === null) return null;
  return db.programSettingsVersion.findUnique({ where: { shop_version: { shop: commission.shop, version: Number(named[1]) } } });
}
