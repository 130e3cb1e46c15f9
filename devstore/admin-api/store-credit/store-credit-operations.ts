/**
 * Store credit, as Shopify keeps it: one account per owner (a customer) and currency, a balance, and an
 * append-only list of credit and debit transactions. Credits and debits run inside one `StateStore.update` and
 * either change everything or answer userErrors with Shopify's codes and nothing changed.
 *
 * Not modelled: credits expiring by themselves (an expired credit stays in the balance; `expiresAt` is kept and
 * shown), company-location owners.
 */
import { allocateId } from "../../state/allocate-id.ts";
import { parseGid } from "../../state/shopify-gid.ts";
import type { DevstoreState, StoreCreditAccountRecord, StoreCreditTransactionRecord } from "../../state/state-schema.ts";
import { formatMinor, parseMinor } from "../../orders/order-money.ts";
import { recordShopMail } from "../../mail/record-shop-mail.ts";

export type StoreCreditUserError = { field: string[] | null; message: string; code: string };

export type StoreCreditOutcome =
  | { ok: true; account: StoreCreditAccountRecord; transaction: StoreCreditTransactionRecord }
  | { ok: false; userErrors: StoreCreditUserError[] };

export interface CreditRequest {
  /** A StoreCreditAccount gid or a Customer gid. */
  id: string;
  amount: string;
  currencyCode: string;
  expiresAt: string | null;
  notify: boolean;
}

/** Currencies store credit can be held in: the shop currency and the currencies the shop sells in. */
export function supportedStoreCreditCurrencies(state: Pick<DevstoreState, "shop" | "orderSettings">): string[] {
  return [state.shop.currencyCode, ...Object.keys(state.orderSettings.presentmentRates)];
}

export function creditStoreCredit(draft: DevstoreState, request: CreditRequest, now: Date): StoreCreditOutcome {
  const fail = (code: string, field: string[] | null, message: string): StoreCreditOutcome => ({ ok: false, userErrors: [{ code, field, message }] });
  const amountField = ["creditInput", "creditAmount", "amount"];
  if (!supportedStoreCreditCurrencies(draft).includes(request.currencyCode)) {
    return fail("UNSUPPORTED_CURRENCY", ["creditInput", "creditAmount", "currencyCode"], `The currency ${request.currencyCode} is not currently supported.`);
  }
  const amount = parseMinor(request.amount, request.currencyCode);
  if (amount <= 0n) return fail("NEGATIVE_OR_ZERO_AMOUNT", amountField, "A positive amount must be used to credit a store credit account.");
  if (request.expiresAt !== null && Date.parse(request.expiresAt) <= now.getTime()) {
    return fail("EXPIRES_AT_IN_PAST", ["creditInput", "expiresAt"], "The expiry date must be in the future.");
  }
  const target = findTarget(draft, request.id, request.currencyCode, true);
  if ("error" in target) return fail(target.error, ["id"], target.error === "OWNER_NOT_FOUND" ? "Owner does not exist." : "The store credit account could not be found.");
  const account = target.account;
  if (account.currencyCode !== request.currencyCode) {
    return fail("MISMATCHING_CURRENCY", ["creditInput", "creditAmount", "currencyCode"], "The currency provided does not match the currency of the store credit account.");
  }
  const after = parseMinor(account.balance, account.currencyCode) + amount;
  if (after > parseMinor(draft.storeCreditLimit, account.currencyCode)) {
    return fail("CREDIT_LIMIT_EXCEEDED", amountField, "The operation would cause the account's credit limit to be exceeded.");
  }
  if (target.created) draft.storeCreditAccounts.push(account);
  const transaction = appendTransaction(draft, account, "credit", amount, "ADJUSTMENT", request.expiresAt, null, now);
  const customer = draft.customers.find((candidate) => candidate.id === account.customerId);
  if (request.notify && customer) {
    recordShopMail(
      draft,
      {
        to: customer.email,
        subject: `You received ${formatMinor(amount, account.currencyCode)} ${account.currencyCode} in store credit`,
        text: `${draft.shop.name} added ${formatMinor(amount, account.currencyCode)} ${account.currencyCode} of store credit to your account. Your balance is ${account.balance} ${account.currencyCode}. Log in to your customer account at checkout to use it.`,
      },
      now,
    );
  }
  return { ok: true, account, transaction };
}

export function debitStoreCredit(
  draft: DevstoreState,
  request: { id: string; amount: string; currencyCode: string },
  now: Date,
  origin: { event: "ADJUSTMENT" | "ORDER_PAYMENT"; orderId: number | null } = { event: "ADJUSTMENT", orderId: null },
): StoreCreditOutcome {
  const fail = (code: string, field: string[] | null, message: string): StoreCreditOutcome => ({ ok: false, userErrors: [{ code, field, message }] });
  const amountField = ["debitInput", "debitAmount", "amount"];
  const amount = parseMinor(request.amount, request.currencyCode);
  if (amount <= 0n) return fail("NEGATIVE_OR_ZERO_AMOUNT", amountField, "A positive amount must be used to debit a store credit account.");
  const target = findTarget(draft, request.id, request.currencyCode, false);
  if ("error" in target) return fail("ACCOUNT_NOT_FOUND", ["id"], "The store credit account could not be found.");
  const account = target.account;
  if (account.currencyCode !== request.currencyCode) {
    return fail("MISMATCHING_CURRENCY", ["debitInput", "debitAmount", "currencyCode"], "The currency provided does not match the currency of the store credit account.");
  }
  if (parseMinor(account.balance, account.currencyCode) < amount) {
    return fail("INSUFFICIENT_FUNDS", amountField, "The store credit account does not have sufficient funds to satisfy the request.");
  }
  const transaction = appendTransaction(draft, account, "debit", amount, origin.event, null, origin.orderId, now);
  return { ok: true, account, transaction };
}

type Target = { account: StoreCreditAccountRecord; created: boolean } | { error: "OWNER_NOT_FOUND" | "ACCOUNT_NOT_FOUND" };

/** An account id names one account; a customer id names the customer's account in `currency` (made on credit). */
function findTarget(draft: DevstoreState, id: string, currency: string, createForCustomer: boolean): Target {
  const gid = parseGid(id);
  if (gid?.type === "StoreCreditAccount") {
    const account = draft.storeCreditAccounts.find((candidate) => candidate.id === gid.id);
    return account ? { account, created: false } : { error: "ACCOUNT_NOT_FOUND" };
  }
  if (gid?.type === "Customer") {
    if (!draft.customers.some((customer) => customer.id === gid.id)) return { error: createForCustomer ? "OWNER_NOT_FOUND" : "ACCOUNT_NOT_FOUND" };
    const account = draft.storeCreditAccounts.find((candidate) => candidate.customerId === gid.id && candidate.currencyCode === currency);
    if (account) return { account, created: false };
    if (!createForCustomer) return { error: "ACCOUNT_NOT_FOUND" };
    return { account: { id: allocateId(draft), customerId: gid.id, currencyCode: currency, balance: formatMinor(0n, currency), transactions: [] }, created: true };
  }
  return { error: createForCustomer ? "OWNER_NOT_FOUND" : "ACCOUNT_NOT_FOUND" };
}

function appendTransaction(
  draft: DevstoreState,
  account: StoreCreditAccountRecord,
  kind: "credit" | "debit",
  amount: bigint,
  event: "ADJUSTMENT" | "ORDER_PAYMENT",
  expiresAt: string | null,
  orderId: number | null,
  now: Date,
): StoreCreditTransactionRecord {
  const balance = parseMinor(account.balance, account.currencyCode) + (kind === "credit" ? amount : -amount);
  account.balance = formatMinor(balance, account.currencyCode);
  const transaction: StoreCreditTransactionRecord = {
    id: allocateId(draft),
    kind,
    amount: formatMinor(amount, account.currencyCode),
    balanceAfter: account.balance,
    event,
    expiresAt: expiresAt === null ? null : new Date(expiresAt).toISOString(),
    orderId,
    createdAt: now.toISOString(),
  };
  account.transactions.push(transaction);
  return transaction;
}

/**
 * What is left of each credit: debits spend the soonest-expiring credit first (credits that never expire last),
 * as Shopify says. Keyed by credit transaction id.
 */
export function remainingByCredit(account: Pick<StoreCreditAccountRecord, "currencyCode"> & { transactions: readonly Readonly<StoreCreditTransactionRecord>[] }): Map<number, bigint> {
  const credits = account.transactions.filter((transaction) => transaction.kind === "credit");
  const remaining = new Map(credits.map((credit) => [credit.id, parseMinor(credit.amount, account.currencyCode)]));
  const order = [...credits].sort((left, right) => {
    const leftExpiry = left.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(left.expiresAt);
    const rightExpiry = right.expiresAt === null ? Number.POSITIVE_INFINITY : Date.parse(right.expiresAt);
    return leftExpiry - rightExpiry || left.id - right.id;
  });
  for (const debit of account.transactions.filter((transaction) => transaction.kind === "debit")) {
    let owed = parseMinor(debit.amount, account.currencyCode);
    for (const credit of order) {
      if (owed === 0n) break;
      const left = remaining.get(credit.id) ?? 0n;
      const taken = left < owed ? left : owed;
      remaining.set(credit.id, left - taken);
      owed -= taken;
    }
  }
  return remaining;
}
