/**
 * Kept versions of a shop's ProgramSettings (append-only, always scoped by shop). ProgramSettings is the row the
 * settings page edits; every version it has ever had is also kept here, so a commission can be re-priced (order
 * edit, re-tier) with the rules it accrued under.
 */
import type { Prisma, ProgramSettings, ProgramSettingsVersion } from "../generated/prisma/client";

type Client = Pick<Prisma.TransactionClient, "programSettingsVersion">;

/**
 * The settings columns a commission is priced with: a ProgramSettings row or one of its kept versions. Settings that
 * never change what a commission is worth (reply-to address, code maximums, …) are not versioned.
 */
export type PricingSettings = Omit<ProgramSettingsVersion, "id" | "createdAt">;

/** Every kept column, named once: a new ProgramSettings column is versioned only when it is added here and to the table. */
const VERSIONED_COLUMNS = [
  "shop", "version", "currency", "defaultCommissionType", "defaultCommissionBasisPoints", "defaultCommissionFlatMinor",
  "cookieWindowDays", "attributionPrecedence", "holdingPeriodDays", "newCustomersOnly", "includeTestOrders",
  "defaultDiscountType", "defaultDiscountBasisPoints", "defaultDiscountAmountMinor", "codePattern", "defaultUsageLimit",
  "defaultOncePerCustomer", "combinesWithOrderDiscounts", "combinesWithProductDiscounts", "combinesWithShippingDiscounts",
  "autoCreateCodeOnApproval", "productRates", "collectionRates", "tiers", "tierPeriod", "capPerOrderMinor", "minimumPayoutMinor",
] as const satisfies readonly (keyof PricingSettings & keyof ProgramSettings)[];

// Compile-time check that the list above names every kept column.
type MissingColumns = Exclude<keyof PricingSettings, (typeof VERSIONED_COLUMNS)[number]>;
const everyColumnNamed: MissingColumns extends never ? true : never = true;
void everyColumnNamed;

function toVersionRow(settings: ProgramSettings, now: Date): Prisma.ProgramSettingsVersionCreateManyInput {
  const columns = Object.fromEntries(VERSIONED_COLUMNS.map((column) => [column, settings[column]])) as Pick<ProgramSettings, (typeof VERSIONED_COLUMNS)[number]>;
  return {
    ...columns,
    productRates: columns.productRates as Prisma.InputJsonValue,
    collectionRates: columns.collectionRates as Prisma.InputJsonValue,
    tiers: columns.tiers as Prisma.InputJsonValue,
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
