/**
 * PayPal Payouts as a PayoutProvider.
 *
 * submit: all items of one sender_batch_id (`AFF-<runId>-<n>`) in one POST /v1/payments/payouts, with
 * PayPal-Request-Id = the sender_batch_id. Sending again after a timeout or a crash cannot pay twice: PayPal
 * answers a repeated PayPal-Request-Id with its first answer, and refuses a sender_batch_id used in the last 30 days
 * with a link to the batch it has; either way Affable then reads that batch and reports each item.
 *
 * lookUp: GET the batch by payout_batch_id when Affable stored it. When it did not (the answer was lost), PayPal
 * offers no search by sender_batch_id; the only way to learn is to POST the same request again, which is safe for
 * the reasons above: a 201 means PayPal did not have it and has it now (submitted), a duplicate answer means it had
 * it already.
 */
import type { Database } from "../../../db.server";
import { ProviderRetryableError, type PayoutProvider, type ProviderContext, type ProviderItem, type ProviderItemReport } from "../providers/payout-provider";
import { formatPaypalAmount } from "./paypal-amount";
import { PaypalApiError, createPaypalClient, findExistingBatchId, type PaypalBatch, type PaypalClient, type PaypalPayoutItemRequest } from "./paypal-client.server";
import { toProviderItemReport } from "./paypal-item-report";
import { loadPaypalCredentials } from "./load-paypal-credentials.server";

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** PayPal's cap per batch; larger runs are split into AFF-<run>-1, -2, … before they reach the provider. */
export const PAYPAL_MAX_ITEMS_PER_BATCH = 15_000;

export interface PaypalProviderOptions {
  /** Per PayPal request (default 30 s). */
  timeoutMs?: number;
}

export function createPaypalPayoutProvider(options: PaypalProviderOptions = {}): PayoutProvider {
  async function clientFor(context: ProviderContext): Promise<PaypalClient> {
    const credentials = await loadPaypalCredentials(context.db, context.shop);
    return createPaypalClient(credentials, { timeoutMs: options.timeoutMs, now: () => context.now });
  }

  async function sendBatch(context: ProviderContext, client: PaypalClient, items: readonly ProviderItem[]): Promise<ProviderItemReport[]> {
    const senderBatchId = oneSenderBatchId(items);
    const destinations = await readPaypalEmails(context.db, context.shop, items.map((item) => item.itemId));
    const reports: ProviderItemReport[] = [];
    const sendable: { item: ProviderItem; request: PaypalPayoutItemRequest }[] = [];
    for (const item of items) {
      const email = destinations.get(item.itemId);
      const amount = formatPaypalAmount(item.amountMinor, item.currency);
      if (!email || !EMAIL.test(email)) {
        reports.push(failedLocally(item, "The creator has no valid PayPal email on this payout. Ask them to add one in the creator portal; the amount is owed again."));
      } else if (!amount.ok) {
        reports.push(failedLocally(item, amount.reason));
      } else {
        sendable.push({
          item,
          request: { recipient_type: "EMAIL", amount: { value: amount.value, currency: amount.currency }, receiver: email, note: item.note.slice(0, 4000), sender_item_id: item.senderItemId },
        });
      }
    }
    if (sendable.length === 0) return reports;

    let payoutBatchId: string;
    try {
      const created = await client.createBatch(
        {
          sender_batch_header: {
            sender_batch_id: senderBatchId,
            email_subject: "You have a payout",
            email_message: `Your commission payout from ${context.shop}.`,
          },
          items: sendable.map((entry) => entry.request),
        },
        senderBatchId,
      );
      payoutBatchId = created.payoutBatchId;
    } catch (error) {
      if (!(error instanceof PaypalApiError)) throw error;
      const existing = findExistingBatchId(error);
      if (!existing) {
        // PayPal refused the whole batch (validation, insufficient funds…): no item was paid.
        const reason = describeBatchRefusal(error);
        return [...reports, ...sendable.map(({ item }) => failedLocally(item, reason, error.paypalName))];
      }
      payoutBatchId = existing;
    }

    // The create answer carries no items; read them (a lost answer here only means they stay "submitted").
    let batch: PaypalBatch | null = null;
    try {
      batch = await client.getBatch(payoutBatchId);
    } catch (error) {
      if (!(error instanceof ProviderRetryableError)) throw error;
    }
    if (!batch) {
      return [
        ...reports,
        ...sendable.map(({ item }): ProviderItemReport => ({ itemId: item.itemId, outcome: "submitted", providerItemId: null, providerStatus: "PENDING", providerBatchId: payoutBatchId })),
      ];
    }
    return [...reports, ...reportFromBatch(batch, sendable.map(({ item }) => item))];
  }

  return {
    method: "paypal",
    async submit(context, items) {
      if (items.length === 0) return [];
      return sendBatch(context, await clientFor(context), items);
    },
    async lookUp(context, items) {
      if (items.length === 0) return [];
      const client = await clientFor(context);
      const known = await readProviderBatchIds(context.db, context.shop, items.map((item) => item.itemId));
      const reports: ProviderItemReport[] = [];
      const bySenderBatch = new Map<string, ProviderItem[]>();
      const byProviderBatch = new Map<string, ProviderItem[]>();
      for (const item of items) {
        const providerBatchId = known.get(item.itemId);
        if (providerBatchId) byProviderBatch.set(providerBatchId, [...(byProviderBatch.get(providerBatchId) ?? []), item]);
        else bySenderBatch.set(item.senderBatchId ?? "", [...(bySenderBatch.get(item.senderBatchId ?? "") ?? []), item]);
      }
      for (const [providerBatchId, group] of byProviderBatch) {
        try {
          reports.push(...reportFromBatch(await client.getBatch(providerBatchId), group));
        } catch (error) {
          if (!(error instanceof PaypalApiError) || error.status !== 404) throw error;
          reports.push(...group.map((item): ProviderItemReport => ({ itemId: item.itemId, outcome: "needs_review", reason: `PayPal has no payout batch ${providerBatchId} for these credentials (were the PayPal credentials or environment changed?). Check PayPal, then mark the item paid or failed.` })));
        }
      }
      for (const group of bySenderBatch.values()) reports.push(...(await sendBatch(context, client, group)));
      return reports;
    },
  };
}

export const paypalPayoutProvider = createPaypalPayoutProvider();

function oneSenderBatchId(items: readonly ProviderItem[]): string {
  if (items.length > PAYPAL_MAX_ITEMS_PER_BATCH) {
    throw new Error(`A PayPal batch holds at most ${PAYPAL_MAX_ITEMS_PER_BATCH} items; ${items.length} were given for one sender_batch_id (split the run).`);
  }
  const ids = new Set(items.map((item) => item.senderBatchId));
  const [only] = ids;
  if (ids.size !== 1 || !only) {
    throw new Error(`PayPal items must be submitted one sender_batch_id at a time; got ${[...ids].map(String).join(", ")}.`);
  }
  return only;
}

function failedLocally(item: ProviderItem, reason: string, providerStatus = "NOT_SENT"): ProviderItemReport {
  return { itemId: item.itemId, outcome: "failed", providerItemId: null, providerStatus, reason };
}

function describeBatchRefusal(error: PaypalApiError): string {
  if (error.paypalName === "INSUFFICIENT_FUNDS") {
    return "Your PayPal balance does not cover this payout batch, so PayPal paid none of it. Add funds to your PayPal account, then pay again in a new run.";
  }
  if (error.status === 401 || error.status === 403) {
    return `PayPal refused Affable's access (${error.paypalName}): check that your PayPal app has Payouts enabled, and reconnect it in Settings › PayPal.`;
  }
  const details = error.details.map((detail) => [detail.field, detail.issue].filter(Boolean).join(": ")).join("; ");
  return `PayPal refused the payout batch: ${error.paypalMessage}${details ? ` (${details})` : ""} [${error.paypalName}]`;
}

function reportFromBatch(batch: PaypalBatch, items: readonly ProviderItem[]): ProviderItemReport[] {
  const bySenderItem = new Map(batch.items.map((entry) => [entry.payout_item?.sender_item_id, entry]));
  return items.map((item): ProviderItemReport => {
    const found = bySenderItem.get(item.senderItemId);
    if (!found) {
      return {
        itemId: item.itemId,
        outcome: "needs_review",
        reason: `PayPal's batch ${batch.batch_header.payout_batch_id} (sender_batch_id ${item.senderBatchId}) does not contain this payout (sender_item_id ${item.senderItemId}). Check PayPal before paying it another way.`,
      };
    }
    return toProviderItemReport(item.itemId, { ...found, payout_batch_id: found.payout_batch_id ?? batch.batch_header.payout_batch_id });
  });
}

async function readPaypalEmails(db: Database, shop: string, itemIds: string[]): Promise<Map<string, string>> {
  const rows = await db.payoutRunItem.findMany({ where: { shop, id: { in: itemIds } }, select: { id: true, destination: true } });
  const emails = new Map<string, string>();
  for (const row of rows) {
    const destination = row.destination as { paypalEmail?: unknown } | null;
    if (typeof destination?.paypalEmail === "string") emails.set(row.id, destination.paypalEmail.trim());
  }
  return emails;
}

async function readProviderBatchIds(db: Database, shop: string, itemIds: string[]): Promise<Map<string, string>> {
  const rows = await db.payoutRunItem.findMany({ where: { shop, id: { in: itemIds }, providerBatchId: { not: null } }, select: { id: true, providerBatchId: true } });
  return new Map(rows.map((row) => [row.id, row.providerBatchId!]));
}
