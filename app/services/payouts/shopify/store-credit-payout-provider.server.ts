/**
 * Pays creators in Shopify store credit: storeCreditAccountCredit on the creator's customer (found or created by
 * email) in the shop currency, expiring after PayoutSettings.storeCreditExpiryDays, with Shopify's own email to the
 * creator (notify). Store credit is spent only by customers signed in with new customer accounts.
 *
 * Exactly once. Shopify takes no idempotency key for this mutation, so whether a credit already happened is read
 * back: lookUp lists the customer's credit transactions since the item started submitting (submittingAt) and looks
 * for one of exactly the item's amount and currency that no other run item has claimed. None → "unknown" (safe to
 * send); one → succeeded; several → needs_review (a person decides; never credited twice). submit asks lookUp first,
 * so even a submit repeated after a lost answer cannot credit twice.
 */
import type { Database } from "../../../db.server";
import { formatDecimalAmount, parseDecimalAmount } from "../../../domain/money";
import type { AdminGraphqlClient } from "../../../shopify/admin-client.server";
import { findCustomerByEmail } from "../../../shopify/customers.server";
import { creditStoreCredit, readStoreCreditAccounts, readStoreCreditBalances } from "../../../shopify/store-credit.server";
import type { PayoutProvider, ProviderContext, ProviderItem, ProviderItemReport } from "../providers/payout-provider";
import { describeStoreCreditError } from "./describe-shopify-payout-error";
import { findOrCreateCreatorCustomer } from "./find-or-create-creator-customer.server";
import { assertPayoutScopes, expiryFrom, loadCreators, loadRunItems, openOfflineAdmin, toProviderError, type OpenShopAdmin } from "./shopify-provider-support.server";

/** How far before submittingAt a credit may carry its timestamp (Shopify's clock vs ours). */
export const LOOKUP_CLOCK_SKEW_MS = 5 * 60_000;

export function createStoreCreditPayoutProvider(options: { openAdmin?: OpenShopAdmin } = {}): PayoutProvider {
  const openAdmin = options.openAdmin ?? openOfflineAdmin;
  return {
    method: "store_credit",

    async submit(context, items) {
      const admin = await openAdmin(context.shop);
      await assertPayoutScopes(admin, "store_credit");
      const reports: ProviderItemReport[] = [];
      for (const item of items) reports.push(await guard(() => submitOne(context, admin, item)));
      return reports;
    },

    async lookUp(context, items) {
      const admin = await openAdmin(context.shop);
      const reports: ProviderItemReport[] = [];
      for (const item of items) reports.push(await guard(() => lookUpOne(context, admin, item)));
      return reports;
    },
  };
}

async function guard(run: () => Promise<ProviderItemReport>): Promise<ProviderItemReport> {
  try {
    return await run();
  } catch (error) {
    throw toProviderError(error);
  }
}

async function submitOne(context: ProviderContext, admin: AdminGraphqlClient, item: ProviderItem): Promise<ProviderItemReport> {
  const existing = await lookUpOne(context, admin, item);
  if (existing.outcome !== "unknown") return existing;

  const { db, shop, now } = context;
  const customer = await findOrCreateCreatorCustomer(db, admin, shop, item.creatorId);
  const settings = await db.payoutSettings.findUnique({ where: { shop }, select: { storeCreditExpiryDays: true } });
  const result = await creditStoreCredit(admin, {
    customerId: customer.customerId,
    amount: { amount: formatDecimalAmount({ amountMinor: item.amountMinor, currency: item.currency }), currencyCode: item.currency },
    expiresAt: expiryFrom(now, settings?.storeCreditExpiryDays),
    notify: true,
  });
  if (result.ok) {
    return { itemId: item.itemId, outcome: "succeeded", providerItemId: result.transaction.id, providerStatus: "credited" };
  }
  const error = result.userErrors[0] ?? { field: null, message: "Shopify refused the credit without saying why.", code: null };
  const accountCurrency = error.code === "MISMATCHING_CURRENCY" ? await findAccountCurrency(admin, customer.customerId, item.currency) : null;
  return {
    itemId: item.itemId,
    outcome: "failed",
    providerItemId: null,
    providerStatus: error.code ?? "USER_ERROR",
    reason: describeStoreCreditError(error, { payCurrency: item.currency, accountCurrency, creatorName: customer.creator.name }),
  };
}

async function findAccountCurrency(admin: AdminGraphqlClient, customerId: string, payCurrency: string): Promise<string | null> {
  const balances = await readStoreCreditBalances(admin, customerId);
  return balances?.map((balance) => balance.currencyCode).find((currency) => currency !== payCurrency) ?? null;
}

async function lookUpOne(context: ProviderContext, admin: AdminGraphqlClient, item: ProviderItem): Promise<ProviderItemReport> {
  const { db, shop, now } = context;
  const row = (await loadRunItems(db, shop, [item.itemId])).get(item.itemId);
  if (row?.providerItemId) return { itemId: item.itemId, outcome: "succeeded", providerItemId: row.providerItemId, providerStatus: "credited" };
  const creator = (await loadCreators(db, shop, [item.creatorId])).get(item.creatorId);
  if (!creator) return { itemId: item.itemId, outcome: "needs_review", reason: "The creator of this payout no longer exists in Affable; check Shopify for a store credit before paying again." };
  // Without a linked customer there may still be one made by a run that crashed before saving the link.
  const customerId = creator.shopifyCustomerId ?? (await findCustomerByEmail(admin, creator.email));
  if (!customerId) return { itemId: item.itemId, outcome: "unknown" };

  const since = new Date((row?.submittingAt ?? row?.createdAt ?? now).getTime() - LOOKUP_CLOCK_SKEW_MS);
  const accounts = (await readStoreCreditAccounts(admin, customerId, item.currency, since)) ?? [];
  const candidates = accounts
    .flatMap((account) => account.credits)
    .filter((credit) => credit.amount.currencyCode === item.currency)
    .filter((credit) => parseDecimalAmount(credit.amount.amount, item.currency).amountMinor === item.amountMinor)
    .filter((credit) => Date.parse(credit.createdAt) <= now.getTime() + LOOKUP_CLOCK_SKEW_MS);
  const claimed = await claimedTransactionIds(db, shop, item.itemId, candidates.map((credit) => credit.id));
  const matches = candidates.filter((credit) => !claimed.has(credit.id));
  if (matches.length === 0) return { itemId: item.itemId, outcome: "unknown" };
  if (matches.length === 1 && matches[0]) {
    return { itemId: item.itemId, outcome: "succeeded", providerItemId: matches[0].id, providerStatus: "credited" };
  }
  return {
    itemId: item.itemId,
    outcome: "needs_review",
    reason: `${creator.name} received ${matches.length} store credits of this amount since this payout started (${matches.map((match) => match.createdAt).join(", ")}); ` +
      "Affable cannot tell which one is this payout. Check the customer's store credit in Shopify, then mark this payout paid or failed.",
  };
}

/** Which of these credit transactions other run items of the shop already stand for. */
async function claimedTransactionIds(db: Database, shop: string, itemId: string, transactionIds: string[]): Promise<Set<string>> {
  if (transactionIds.length === 0) return new Set();
  const rows = await db.payoutRunItem.findMany({
    where: { shop, providerItemId: { in: transactionIds }, id: { not: itemId } },
    select: { providerItemId: true },
  });
  return new Set(rows.flatMap((row) => (row.providerItemId ? [row.providerItemId] : [])));
}

export const storeCreditPayoutProvider = createStoreCreditPayoutProvider();
