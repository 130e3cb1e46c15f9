/**
 * Shopify store credit (Admin GraphQL): credit and debit a customer's account in one currency
 * (write_store_credit_account_transactions), and read the customer's accounts and credit transactions
 * (read_store_credit_accounts, read_store_credit_account_transactions). userErrors are returned as data, with
 * Shopify's codes; the caller words them for the merchant (describe-store-credit-error.ts).
 *
 * No idempotency key: Shopify's `@idempotent` directive covers refunds and inventory mutations, not
 * storeCreditAccountCredit, so a retry is made safe by reading the account's transactions first (the provider's lookUp).
 */
import { runAdminQuery, ShopifyAdminError, type AdminGraphqlClient } from "./admin-client.server";

export type ShopifyUserError = { field: string[] | null; message: string; code: string | null };
export type MoneyV2 = { amount: string; currencyCode: string };

const CREDIT = `#graphql
  mutation AffableStoreCreditCredit($id: ID!, $creditInput: StoreCreditAccountCreditInput!) {
    storeCreditAccountCredit(id: $id, creditInput: $creditInput) {
      storeCreditAccountTransaction {
        id
        amount { amount currencyCode }
        balanceAfterTransaction { amount currencyCode }
        createdAt
        account { id balance { amount currencyCode } }
      }
      userErrors { field message code }
    }
  }
`;

const DEBIT = `#graphql
  mutation AffableStoreCreditDebit($id: ID!, $debitInput: StoreCreditAccountDebitInput!) {
    storeCreditAccountDebit(id: $id, debitInput: $debitInput) {
      storeCreditAccountTransaction {
        id
        amount { amount currencyCode }
        balanceAfterTransaction { amount currencyCode }
        account { id balance { amount currencyCode } }
      }
      userErrors { field message code }
    }
  }
`;

const BALANCES = `#graphql
  query AffableStoreCreditBalances($customerId: ID!) {
    customer(id: $customerId) {
      id
      storeCreditAccounts(first: 10) { nodes { id balance { amount currencyCode } } }
    }
  }
`;

// One account (the currency's), its newest credit transactions first: small enough for Shopify's query cost limit.
const ACCOUNTS = `#graphql
  query AffableStoreCreditAccounts($customerId: ID!, $currencyQuery: String!, $after: String) {
    customer(id: $customerId) {
      id
      storeCreditAccounts(first: 1, query: $currencyQuery) {
        nodes {
          id
          balance { amount currencyCode }
          transactions(first: 50, after: $after, reverse: true) {
            pageInfo { hasNextPage endCursor }
            nodes {
              __typename
              amount { amount currencyCode }
              createdAt
              ... on StoreCreditAccountCreditTransaction { id expiresAt }
              ... on StoreCreditAccountDebitTransaction { id }
            }
          }
        }
      }
    }
  }
`;

export type StoreCreditTransaction = { id: string; amount: MoneyV2; balanceAfterTransaction: MoneyV2; account: { id: string; balance: MoneyV2 } };
export type StoreCreditResult = { ok: true; transaction: StoreCreditTransaction } | { ok: false; userErrors: ShopifyUserError[] };

type CreditData = { storeCreditAccountCredit: { storeCreditAccountTransaction: StoreCreditTransaction | null; userErrors: ShopifyUserError[] } | null };
type DebitData = { storeCreditAccountDebit: { storeCreditAccountTransaction: StoreCreditTransaction | null; userErrors: ShopifyUserError[] } | null };

export async function creditStoreCredit(
  admin: AdminGraphqlClient,
  input: { customerId: string; amount: MoneyV2; expiresAt: Date | null; notify: boolean },
): Promise<StoreCreditResult> {
  const data = await runAdminQuery<CreditData>(admin, "crediting the creator's store credit", CREDIT, {
    id: input.customerId,
    creditInput: { creditAmount: input.amount, expiresAt: input.expiresAt?.toISOString() ?? null, notify: input.notify },
  });
  return readPayload(data.storeCreditAccountCredit, "storeCreditAccountCredit");
}

export async function debitStoreCredit(admin: AdminGraphqlClient, input: { customerId: string; amount: MoneyV2 }): Promise<StoreCreditResult> {
  const data = await runAdminQuery<DebitData>(admin, "debiting the creator's store credit", DEBIT, { id: input.customerId, debitInput: { debitAmount: input.amount } });
  return readPayload(data.storeCreditAccountDebit, "storeCreditAccountDebit");
}

function readPayload(payload: { storeCreditAccountTransaction: StoreCreditTransaction | null; userErrors: ShopifyUserError[] } | null, mutation: string): StoreCreditResult {
  if (!payload) throw new ShopifyAdminError(`Shopify answered ${mutation} with nothing.`);
  if (payload.userErrors.length > 0 || !payload.storeCreditAccountTransaction) return { ok: false, userErrors: payload.userErrors };
  return { ok: true, transaction: payload.storeCreditAccountTransaction };
}

export type StoreCreditCredit = { id: string; amount: MoneyV2; createdAt: string; expiresAt: string | null };
/** A debit's amount is negative, as Shopify reports it. */
export type StoreCreditDebit = { id: string; amount: MoneyV2; createdAt: string };
export type StoreCreditAccount = { id: string; balance: MoneyV2; credits: StoreCreditCredit[]; debits: StoreCreditDebit[] };

type AccountsData = {
  customer: {
    id: string;
    storeCreditAccounts: {
      nodes: {
        id: string;
        balance: MoneyV2;
        transactions: {
          pageInfo: { hasNextPage: boolean; endCursor: string | null };
          nodes: { __typename: string; amount: MoneyV2; createdAt: string; id?: string; expiresAt?: string | null }[];
        };
      }[];
    };
  } | null;
};

/** The customer's store credit balances, one per currency; null when Shopify has no such customer. */
export async function readStoreCreditBalances(admin: AdminGraphqlClient, customerId: string): Promise<MoneyV2[] | null> {
  const data = await runAdminQuery<{ customer: { storeCreditAccounts: { nodes: { balance: MoneyV2 }[] } } | null }>(
    admin, "reading the creator's store credit balances", BALANCES, { customerId },
  );
  return data.customer ? data.customer.storeCreditAccounts.nodes.map((node) => node.balance) : null;
}

/**
 * The customer's store credit account in `currency` with its credit and debit transactions made since `since` (newest first,
 * paging until older ones). Null when Shopify has no such customer; [] when it has no account in that currency.
 */
export async function readStoreCreditAccounts(admin: AdminGraphqlClient, customerId: string, currency: string, since: Date): Promise<StoreCreditAccount[] | null> {
  const accounts = new Map<string, StoreCreditAccount>();
  let after: string | null = null;
  for (let page = 0; page < 20; page += 1) {
    const data: AccountsData = await runAdminQuery<AccountsData>(admin, "reading the creator's store credit", ACCOUNTS, { customerId, currencyQuery: `currency_code:${currency}`, after });
    if (!data.customer) return null;
    let more = false;
    for (const node of data.customer.storeCreditAccounts.nodes) {
      const account = accounts.get(node.id) ?? { id: node.id, balance: node.balance, credits: [], debits: [] };
      accounts.set(node.id, account);
      for (const transaction of node.transactions.nodes) {
        if (!transaction.id || Date.parse(transaction.createdAt) < since.getTime()) continue;
        if (transaction.__typename === "StoreCreditAccountDebitTransaction") {
          account.debits.push({ id: transaction.id, amount: transaction.amount, createdAt: transaction.createdAt });
          continue;
        }
        if (transaction.__typename !== "StoreCreditAccountCreditTransaction") continue;
        account.credits.push({ id: transaction.id, amount: transaction.amount, createdAt: transaction.createdAt, expiresAt: transaction.expiresAt ?? null });
      }
      const oldest = node.transactions.nodes.at(-1);
      // Newest first: page on only while the page's oldest is still inside the window.
      if (node.transactions.pageInfo.hasNextPage && oldest && Date.parse(oldest.createdAt) >= since.getTime()) {
        more = true;
        after = node.transactions.pageInfo.endCursor;
      }
    }
    if (!more) break;
  }
  return [...accounts.values()];
}
