/**
 * For PayPal integration tests: a shop connected to the local PayPal (PayoutSettings with the sealed secret, as
 * Settings › PayPal saves it) and an approved payout run whose items wait to be sent, made directly in the database
 * (planning and approval are the payout run services' job, tested there).
 */
import type { Database } from "../../app/db.server";
import { sealSecret } from "../../app/security/secret-box.server";
import { paypalSecretContext } from "../../app/services/payouts/paypal/load-paypal-credentials.server";
import type { ProviderItem } from "../../app/services/payouts/providers/payout-provider";

/** The local PayPal's seeded sandbox app (devstore/paypal/paypal-state.ts). */
export const SANDBOX_APP = { clientId: "AffableDemo-sandbox-client", clientSecret: "EDemo-sandbox-secret-0000" };

export async function connectShopToLocalPaypal(db: Database, shop: string, options: { webhookId?: string | null; clientId?: string; clientSecret?: string } = {}): Promise<void> {
  const data = {
    paypalEnvironment: "sandbox",
    paypalClientId: options.clientId ?? SANDBOX_APP.clientId,
    paypalClientSecretSealed: sealSecret(options.clientSecret ?? SANDBOX_APP.clientSecret, paypalSecretContext(shop)),
    paypalWebhookId: options.webhookId ?? null,
    paypalConnectedAt: new Date(),
    paypalConnectedBy: "staff:test",
  };
  await db.payoutSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

export type SeededItem = { creatorId: string; paypalEmail: string; amountMinor: bigint };

/** A run in "submitting" with its items in "submitting" (what the payout job stores before it calls the provider). */
export async function seedSubmittingPaypalRun(db: Database, shop: string, items: SeededItem[], currency = "USD"): Promise<{ runId: string; items: ProviderItem[] }> {
  const now = new Date();
  const run = await db.payoutRun.create({
    data: {
      shop,
      status: "submitting",
      currency,
      totalMinor: items.reduce((sum, item) => sum + item.amountMinor, 0n),
      itemCount: items.length,
      trigger: "manual",
      plannedAt: now,
      plannedBy: "staff:test",
      approvedAt: now,
      approvedBy: "staff:test",
    },
  });
  const senderBatchId = `AFF-${run.id}-1`;
  const providerItems: ProviderItem[] = [];
  for (const item of items) {
    const row = await db.payoutRunItem.create({
      data: {
        shop,
        runId: run.id,
        creatorId: item.creatorId,
        status: "submitting",
        method: "paypal",
        currency,
        amountMinor: item.amountMinor,
        destination: { paypalEmail: item.paypalEmail },
        senderItemId: `AFF-pending-${item.creatorId}-${run.id}`,
        senderBatchId,
        submittingAt: now,
      },
    });
    const senderItemId = `AFF-${row.id}`;
    await db.payoutRunItem.update({ where: { id: row.id }, data: { senderItemId } });
    providerItems.push({
      itemId: row.id,
      creatorId: item.creatorId,
      senderItemId,
      senderBatchId,
      amountMinor: item.amountMinor,
      currency,
      note: "Affable commissions",
      providerItemId: null,
    });
  }
  return { runId: run.id, items: providerItems };
}
