/**
 * Settings › Payouts: the schedule, auto-approval, tax-form rule, default method and credit/gift card expiry, in the
 * shop's PayoutSettings row (which also holds the PayPal and bank connections other settings pages write: only these
 * columns are touched here). Changing auto-approval approves money without a person, so only the owner or a payout
 * approver may change it. Every save leaves an AuditEvent with what changed.
 */
import type { Database } from "../../db.server";
import type { ParsedPayoutSettings } from "../../domain/payout-settings/parse-payout-settings-form";
import { PAYOUT_SCHEDULES, type PayoutSchedule } from "../../domain/payout-settings/payout-settings-options";
import type { Prisma } from "../../generated/prisma/client";
import { recordAuditEvent } from "../../repositories/audit-event-repository.server";
import { canApprovePayouts } from "../staff/payout-approvers.server";

export const DEFAULT_PAYOUT_SETTINGS: ParsedPayoutSettings = {
  schedule: "off",
  scheduleWeekday: null,
  scheduleMonthDay: null,
  autoApproveBelowMinor: null,
  requireTaxForm: false,
  defaultMethod: null,
  storeCreditExpiryDays: null,
  giftCardExpiryDays: null,
};

export interface LoadedPayoutSettings {
  settings: ParsedPayoutSettings;
  /** For the save's concurrency check: null before the first save. */
  updatedAt: Date | null;
  updatedBy: string | null;
}

function isSchedule(value: string): value is PayoutSchedule {
  return (PAYOUT_SCHEDULES as readonly string[]).includes(value);
}

export async function loadPayoutSettings(db: Pick<Database, "payoutSettings">, shop: string): Promise<LoadedPayoutSettings> {
  const row = await db.payoutSettings.findUnique({ where: { shop } });
  if (!row) return { settings: DEFAULT_PAYOUT_SETTINGS, updatedAt: null, updatedBy: null };
  return {
    settings: {
      schedule: isSchedule(row.schedule) ? row.schedule : "off",
      scheduleWeekday: row.scheduleWeekday,
      scheduleMonthDay: row.scheduleMonthDay,
      autoApproveBelowMinor: row.autoApproveBelowMinor,
      requireTaxForm: row.requireTaxForm,
      defaultMethod: row.defaultMethod,
      storeCreditExpiryDays: row.storeCreditExpiryDays,
      giftCardExpiryDays: row.giftCardExpiryDays,
    },
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

type DiffValue = string | number | boolean | null;
const toDiffValue = (value: unknown): DiffValue => (typeof value === "bigint" ? value.toString() : ((value ?? null) as DiffValue));

export type UpdatePayoutSettingsResult = { ok: true; changed: string[] } | { ok: false; status: 403 | 409; errors: Record<string, string> };

export async function updatePayoutSettings(
  db: Database,
  input: { shop: string; actorUserId: string | null; settings: ParsedPayoutSettings; expectedUpdatedAt: Date | null },
): Promise<UpdatePayoutSettingsResult> {
  const { shop, settings } = input;
  const actor = input.actorUserId === null ? "staff:unknown" : `staff:${input.actorUserId}`;
  // Asked before the transaction (one read): a permission taken away in the same instant is the only race, and the
  // owner's change is audited either way.
  const mayChangeAutoApproval = input.actorUserId !== null && (await canApprovePayouts(db, shop, input.actorUserId));
  return db.$transaction(async (tx): Promise<UpdatePayoutSettingsResult> => {
    // The row lock makes the version check and the write one step (two tabs saving at once: the second is told).
    await tx.$executeRaw`INSERT INTO "PayoutSettings" (shop, "updatedAt") VALUES (${shop}, now()) ON CONFLICT (shop) DO NOTHING`;
    const lockedRows = await tx.$queryRaw<Array<{ updatedAt: Date; updatedBy: string | null }>>`SELECT "updatedAt", "updatedBy" FROM "PayoutSettings" WHERE shop = ${shop} FOR UPDATE`;
    const locked = lockedRows[0];
    const before = await loadPayoutSettings(tx, shop);
    // A row just made by the insert above (never saved by anyone) matches a form loaded before it existed.
    const neverSaved = locked?.updatedBy === null && input.expectedUpdatedAt === null;
    if (!neverSaved && locked !== undefined && (input.expectedUpdatedAt === null || locked.updatedAt.getTime() !== input.expectedUpdatedAt.getTime())) {
      return { ok: false, status: 409, errors: { form: "Someone saved the payout settings while you were editing. Reload the page to see their changes, then save again." } };
    }
    const diff: Record<string, { from: DiffValue; to: DiffValue }> = {};
    for (const key of Object.keys(settings) as Array<keyof ParsedPayoutSettings>) {
      const from = toDiffValue(before.settings[key]);
      const to = toDiffValue(settings[key]);
      if (from !== to) diff[key] = { from, to };
    }
    const changed = Object.keys(diff);
    if (changed.length === 0) return { ok: true, changed };
    if ("autoApproveBelowMinor" in diff && !mayChangeAutoApproval) {
      return {
        ok: false,
        status: 403,
        errors: { autoApproveBelow: "Only the owner or staff who can approve payouts may change auto-approval: it approves money without a person. Ask them, or leave it as it was." },
      };
    }
    await tx.payoutSettings.update({ where: { shop }, data: { ...settings, updatedBy: actor } });
    await recordAuditEvent(tx, {
      shop,
      actor,
      action: "payout_settings.updated",
      subjectType: "payout_settings",
      subjectId: shop,
      details: { changes: diff } satisfies Prisma.InputJsonValue,
    });
    return { ok: true, changed };
  });
}
