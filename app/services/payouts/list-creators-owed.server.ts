import type { Database } from "../../db.server";
import { planPayout, type PayoutPlan } from "../../domain/payouts";
import { findOwedCommissions } from "../../repositories/commission-repository.server";

export type CreatorOwed = {
  creatorId: string;
  creatorName: string;
  /** Where to pay: the creator's payout email, else their contact email. */
  payoutEmail: string | null;
  /** True when payoutEmail is the creator's own payout email (not the contact email fallback). */
  payoutEmailIsOwn: boolean;
  currency: string;
  plan: PayoutPlan;
};

/**
 * Every creator with money to pay or recover now, each with the payout plan: what is approved and owed, the
 * clawbacks carried, and why they cannot be paid yet (below the minimum, clawbacks exceed it). Payable first.
 */
export async function listCreatorsOwed(db: Database, shop: string): Promise<{ creators: CreatorOwed[]; minimumPayoutMinor: bigint; currency: string | null }> {
  const settings = await db.programSettings.findUnique({ where: { shop }, select: { minimumPayoutMinor: true, currency: true } });
  const minimumPayoutMinor = settings?.minimumPayoutMinor ?? 0n;
  const owed = await findOwedCommissions(db, shop);
  const creators = await db.creator.findMany({
    where: { shop, id: { in: [...new Set(owed.map((commission) => commission.creatorId))] } },
    select: { id: true, name: true, email: true, payoutEmail: true },
  });
  const groups = new Map<string, typeof owed>();
  for (const commission of owed) {
    const key = `${commission.creatorId}|${commission.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), commission]);
  }
  const result: CreatorOwed[] = [];
  for (const [key, commissions] of groups) {
    const [creatorId = "", currency = ""] = key.split("|");
    const creator = creators.find((candidate) => candidate.id === creatorId);
    result.push({
      creatorId,
      creatorName: creator?.name ?? "(deleted creator)",
      payoutEmail: creator?.payoutEmail ?? creator?.email ?? null,
      payoutEmailIsOwn: Boolean(creator?.payoutEmail),
      currency,
      plan: planPayout(commissions, currency, minimumPayoutMinor),
    });
  }
  result.sort((left, right) => Number(right.plan.payable) - Number(left.plan.payable) || left.creatorName.localeCompare(right.creatorName));
  return { creators: result, minimumPayoutMinor, currency: settings?.currency ?? null };
}
