/**
 * The seam between the payout job (which owns run and item states) and each way of paying (PayPal, store credit,
 * gift cards, bank files, manual). A provider never changes Affable's rows itself: it talks to the outside world
 * and reports what happened; the job applies the report through the item transition table.
 *
 * Exactly once: every request a provider makes carries ids derived from Affable's own ids (senderBatchId,
 * senderItemId), so asking again after a crash or timeout cannot pay twice. `lookUp` answers "what do you have for
 * this item?" before anything is sent again.
 */
import type { Database } from "../../../db.server";
import type { PayoutRunMethod } from "../../../generated/prisma/client";

/** One creator's payment as the provider needs it. */
export type ProviderItem = {
  itemId: string;
  creatorId: string;
  /** Stable per item: PayPal sender_item_id, EndToEndId, gift card code seed. */
  senderItemId: string;
  /** PayPal: the batch the item belongs to. */
  senderBatchId: string | null;
  amountMinor: bigint;
  currency: string;
  /** A line the creator sees with the payment (PayPal note, gift card note). */
  note: string;
  providerItemId: string | null;
};

/** What the provider knows about one item. */
export type ProviderItemReport =
  | { itemId: string; outcome: "succeeded"; providerItemId: string | null; providerStatus: string; providerBatchId?: string | null }
  /** Accepted, not final yet (PayPal PENDING / UNCLAIMED / ONHOLD, a bank file awaiting the merchant's mark). */
  | { itemId: string; outcome: "submitted"; providerItemId: string | null; providerStatus: string; providerBatchId?: string | null }
  /** Final failure: the commissions become owed again, with this reason shown to merchant and creator. */
  | { itemId: string; outcome: "failed"; providerItemId: string | null; providerStatus: string; reason: string; providerBatchId?: string | null }
  /** The provider has no record of it: safe to send. */
  | { itemId: string; outcome: "unknown" }
  /** Only a person can tell (e.g. an ambiguous answer): never retried by itself. */
  | { itemId: string; outcome: "needs_review"; reason: string };

export type ProviderContext = { db: Database; shop: string; runId: string; now: Date };

/** A provider 5xx, a timeout or a rate limit: the job retries later with backoff. Anything else fails the item. */
export class ProviderRetryableError extends Error {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message);
  }
}

/** The provider cannot be used at all (not connected, a scope missing): the run waits with this message. */
export class ProviderSetupError extends Error {}

export interface PayoutProvider {
  readonly method: PayoutRunMethod;
  /** Sends items (all of one senderBatchId for PayPal). Must be safe to call again with the same ids. */
  submit(context: ProviderContext, items: readonly ProviderItem[]): Promise<ProviderItemReport[]>;
  /** What the provider has now for these items (status sync, and the check before re-sending after a crash). */
  lookUp(context: ProviderContext, items: readonly ProviderItem[]): Promise<ProviderItemReport[]>;
}
