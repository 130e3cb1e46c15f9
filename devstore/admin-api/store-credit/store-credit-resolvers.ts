/**
 * Store credit in Admin GraphQL: `storeCreditAccount` and Customer.storeCreditAccounts (`read_store_credit_accounts`),
 * StoreCreditAccount.transactions (`read_store_credit_account_transactions`), and the `storeCreditAccountCredit` /
 * `storeCreditAccountDebit` mutations (`write_store_credit_account_transactions`), answering userErrors with
 * Shopify's codes (HTTP 200) and changing nothing when they do.
 */
import { z } from "zod";
import { parseGid, toGid } from "../../state/shopify-gid.ts";
import type { DevstoreState, ReadonlyDeep, StoreCreditAccountRecord, StoreCreditTransactionRecord } from "../../state/state-schema.ts";
import { formatMinor, parseMinor } from "../../orders/order-money.ts";
import type { AdminApiContext, FieldArgs } from "../admin-api-context.ts";
import { toShopifyDecimal } from "../decimal-strings.ts";
import { matchesSearchQuery, type SearchDefinition } from "../match-search-query.ts";
import { connectionArgsSchema, paginateConnection } from "../paginate-connection.ts";
import type { RootResolver } from "../query-root.ts";
import { requireScope } from "../require-scope.ts";
import { creditStoreCredit, debitStoreCredit, remainingByCredit, type StoreCreditOutcome } from "./store-credit-operations.ts";

type AccountView = ReadonlyDeep<StoreCreditAccountRecord>;
type TransactionView = ReadonlyDeep<StoreCreditTransactionRecord>;

const moneyInput = z.object({ amount: z.string(), currencyCode: z.string() });
const creditArgs = z.object({
  id: z.string(),
  creditInput: z.object({ creditAmount: moneyInput, expiresAt: z.string().nullish(), notify: z.boolean().nullish() }),
});
const debitArgs = z.object({ id: z.string(), debitInput: z.object({ debitAmount: moneyInput }) });
const listArgs = connectionArgsSchema.extend({ query: z.string().nullish() });

const accountSearch: SearchDefinition<AccountView> = {
  fields: { currency_code: { kind: "text", read: (account) => account.currencyCode }, id: { kind: "number", read: (account) => account.id } },
  freeText: (account) => [account.currencyCode],
};

const transactionSearch: SearchDefinition<TransactionView> = {
  fields: {
    created_at: { kind: "date", read: (transaction) => transaction.createdAt },
    id: { kind: "number", read: (transaction) => transaction.id },
    type: { kind: "text", read: (transaction) => transaction.kind },
  },
  freeText: () => [],
};

const money = (amount: bigint, currencyCode: string) => ({ amount: toShopifyDecimal(formatMinor(amount, currencyCode)), currencyCode });

export function presentStoreCreditAccount(account: AccountView, context: AdminApiContext) {
  return {
    __typename: "StoreCreditAccount" as const,
    id: toGid("StoreCreditAccount", account.id),
    balance: money(parseMinor(account.balance, account.currencyCode), account.currencyCode),
    transactions: (args: FieldArgs) => {
      requireScope(context, "read_store_credit_account_transactions", "transactions");
      const parsed = listArgs.parse(args);
      const items = account.transactions
        .filter((transaction) => matchesSearchQuery(parsed.query, transaction, transactionSearch))
        .map((transaction) => ({ id: transaction.id, sortValue: transaction.id, transaction }));
      return paginateConnection(items, parsed, (item) => presentStoreCreditTransaction(account, item.transaction, context));
    },
  };
}

export function presentStoreCreditTransaction(account: AccountView, transaction: TransactionView, context: AdminApiContext) {
  const amount = parseMinor(transaction.amount, account.currencyCode);
  const common = {
    account: () => presentStoreCreditAccount(account, context),
    balanceAfterTransaction: money(parseMinor(transaction.balanceAfter, account.currencyCode), account.currencyCode),
    createdAt: transaction.createdAt,
    event: transaction.event,
  };
  if (transaction.kind === "debit") {
    return { __typename: "StoreCreditAccountDebitTransaction" as const, id: toGid("StoreCreditAccountDebitTransaction", transaction.id), amount: money(-amount, account.currencyCode), ...common };
  }
  return {
    __typename: "StoreCreditAccountCreditTransaction" as const,
    id: toGid("StoreCreditAccountCreditTransaction", transaction.id),
    amount: money(amount, account.currencyCode),
    expiresAt: transaction.expiresAt,
    remainingAmount: money(remainingByCredit(account).get(transaction.id) ?? 0n, account.currencyCode),
    ...common,
  };
}

/** Customer.storeCreditAccounts. */
export function listCustomerStoreCreditAccounts(customerId: number, args: FieldArgs, context: AdminApiContext) {
  requireScope(context, "read_store_credit_accounts", "storeCreditAccounts");
  const parsed = listArgs.parse(args);
  const items = context.state.storeCreditAccounts
    .filter((account) => account.customerId === customerId && matchesSearchQuery(parsed.query, account, accountSearch))
    .map((account) => ({ id: account.id, sortValue: account.id, account }));
  return paginateConnection(items, parsed, (item) => presentStoreCreditAccount(item.account, context));
}

export const storeCreditQueryResolvers: Record<string, RootResolver> = {
  storeCreditAccount: (_source, args, context, info) => {
    requireScope(context, "read_store_credit_accounts", info.fieldName);
    const gid = parseGid(z.object({ id: z.string() }).parse(args).id);
    const account = gid?.type === "StoreCreditAccount" ? context.state.storeCreditAccounts.find((candidate) => candidate.id === gid.id) : undefined;
    return account ? presentStoreCreditAccount(account, context) : null;
  },
};

function payload(outcome: StoreCreditOutcome, context: AdminApiContext) {
  if (!outcome.ok) return { storeCreditAccountTransaction: null, userErrors: outcome.userErrors };
  return { storeCreditAccountTransaction: presentStoreCreditTransaction(outcome.account, outcome.transaction, context), userErrors: [] };
}

function injectedFailure(context: AdminApiContext, operation: string) {
  if (!context.failingOperations.has(operation)) return null;
  return { storeCreditAccountTransaction: null, userErrors: [{ field: null, code: null, message: `The devstore was told to fail the next ${operation} (POST /__devstore/fail-next); nothing was changed.` }] };
}

export const storeCreditMutationResolvers: Record<string, RootResolver> = {
  storeCreditAccountCredit: (_source, args, context, info) => {
    requireScope(context, "write_store_credit_account_transactions", info.fieldName);
    const injected = injectedFailure(context, info.fieldName);
    if (injected) return injected;
    const parsed = creditArgs.parse(args);
    const request = {
      id: parsed.id,
      amount: parsed.creditInput.creditAmount.amount,
      currencyCode: parsed.creditInput.creditAmount.currencyCode,
      expiresAt: parsed.creditInput.expiresAt ?? null,
      notify: parsed.creditInput.notify ?? false,
    };
    return payload(applyOrRefuse(context, (draft) => creditStoreCredit(draft, request, context.now)), context);
  },
  storeCreditAccountDebit: (_source, args, context, info) => {
    requireScope(context, "write_store_credit_account_transactions", info.fieldName);
    const injected = injectedFailure(context, info.fieldName);
    if (injected) return injected;
    const parsed = debitArgs.parse(args);
    const request = { id: parsed.id, amount: parsed.debitInput.debitAmount.amount, currencyCode: parsed.debitInput.debitAmount.currencyCode };
    return payload(applyOrRefuse(context, (draft) => debitStoreCredit(draft, request, context.now)), context);
  },
};

/** A refused change (userErrors) is never persisted, not even the id counter or an empty account it made. */
export function applyOrRefuse(context: Pick<AdminApiContext, "updateState">, change: (draft: DevstoreState) => StoreCreditOutcome): StoreCreditOutcome {
  try {
    return context.updateState((draft) => {
      const result = change(draft);
      if (!result.ok) throw new RefusedChange(result);
      return result;
    });
  } catch (error) {
    if (error instanceof RefusedChange) return error.outcome;
    throw error;
  }
}

/** Thrown inside updateState so a refused change is never persisted; turned back into its userErrors. */
class RefusedChange extends Error {
  constructor(readonly outcome: StoreCreditOutcome) {
    super("refused");
  }
}
