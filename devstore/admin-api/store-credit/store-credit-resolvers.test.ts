import { afterEach, describe, expect, it } from "vitest";
import { toGid } from "../../state/shopify-gid.ts";
import { createTestDevstore, type TestDevstore } from "../../test-support/create-test-devstore.ts";

const STORE_CREDIT_SCOPES = ["read_customers", "write_customers", "read_store_credit_accounts", "write_store_credit_account_transactions", "read_store_credit_account_transactions"];

let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

async function setUp(scopes: string[] = STORE_CREDIT_SCOPES): Promise<string> {
  devstore = createTestDevstore({ scopes });
  return (await devstore.offlineToken()).access_token;
}

const CREDIT = `mutation Credit($id: ID!, $input: StoreCreditAccountCreditInput!) {
  storeCreditAccountCredit(id: $id, creditInput: $input) {
    storeCreditAccountTransaction { id amount { amount currencyCode } balanceAfterTransaction { amount } expiresAt account { id balance { amount currencyCode } } }
    userErrors { field message code }
  }
}`;
const DEBIT = `mutation Debit($id: ID!, $input: StoreCreditAccountDebitInput!) {
  storeCreditAccountDebit(id: $id, debitInput: $input) {
    storeCreditAccountTransaction { id amount { amount } balanceAfterTransaction { amount } }
    userErrors { field message code }
  }
}`;
const ACCOUNTS = `query Accounts($id: ID!) {
  customer(id: $id) {
    storeCreditAccounts(first: 5) {
      nodes { id balance { amount currencyCode } transactions(first: 10) { nodes { __typename amount { amount } createdAt ... on StoreCreditAccountCreditTransaction { id remainingAmount { amount } } } } }
    }
  }
}`;

// A GraphQL answer read field by field; every read is asserted with expect, so a wrong shape fails the test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
async function run(token: string, query: string, variables: Record<string, unknown>): Promise<Json> {
  const response = await devstore.graphql(query, { token, variables });
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

function firstCustomerGid(): string {
  const customer = devstore.context.state.read().customers[0];
  if (!customer) throw new Error("the seed has no customers");
  return toGid("Customer", customer.id);
}

describe("storeCreditAccountCredit / storeCreditAccountDebit", () => {
  it("credits a customer (making their USD account), debits it, and lists the account with its transactions", async () => {
    const token = await setUp();
    const customerId = firstCustomerGid();
    const credit = (await run(token, CREDIT, { id: customerId, input: { creditAmount: { amount: "25.00", currencyCode: "USD" } } })).data.storeCreditAccountCredit;
    expect(credit.userErrors).toEqual([]);
    expect(credit.storeCreditAccountTransaction).toMatchObject({ amount: { amount: "25.0", currencyCode: "USD" }, balanceAfterTransaction: { amount: "25.0" } });
    const accountId = credit.storeCreditAccountTransaction.account.id as string;

    const again = (await run(token, CREDIT, { id: accountId, input: { creditAmount: { amount: "5.50", currencyCode: "USD" } } })).data.storeCreditAccountCredit;
    expect(again.storeCreditAccountTransaction.account.balance).toEqual({ amount: "30.5", currencyCode: "USD" });

    const debit = (await run(token, DEBIT, { id: customerId, input: { debitAmount: { amount: "10.00", currencyCode: "USD" } } })).data.storeCreditAccountDebit;
    expect(debit.userErrors).toEqual([]);
    expect(debit.storeCreditAccountTransaction).toMatchObject({ amount: { amount: "-10.0" }, balanceAfterTransaction: { amount: "20.5" } });

    const accounts = (await run(token, ACCOUNTS, { id: customerId })).data.customer.storeCreditAccounts.nodes;
    expect(accounts).toHaveLength(1);
    expect(accounts[0].balance).toEqual({ amount: "20.5", currencyCode: "USD" });
    expect(accounts[0].transactions.nodes.map((node: Json) => [node.__typename, node.amount.amount])).toEqual([
      ["StoreCreditAccountCreditTransaction", "25.0"],
      ["StoreCreditAccountCreditTransaction", "5.5"],
      ["StoreCreditAccountDebitTransaction", "-10.0"],
    ]);
    // The debit spent the first credit first (neither expires).
    expect(accounts[0].transactions.nodes[0].remainingAmount.amount).toBe("15.0");
  });

  it("answers Shopify's userErrors and changes nothing", async () => {
    const token = await setUp();
    const customerId = firstCustomerGid();
    const creditError = async (id: string, input: Json) => (await run(token, CREDIT, { id, input })).data.storeCreditAccountCredit.userErrors[0]?.code;
    expect(await creditError(customerId, { creditAmount: { amount: "0", currencyCode: "USD" } })).toBe("NEGATIVE_OR_ZERO_AMOUNT");
    expect(await creditError(customerId, { creditAmount: { amount: "5.00", currencyCode: "USD" }, expiresAt: new Date(Date.now() - 60_000).toISOString() })).toBe("EXPIRES_AT_IN_PAST");
    expect(await creditError(toGid("Customer", 1), { creditAmount: { amount: "5.00", currencyCode: "USD" } })).toBe("OWNER_NOT_FOUND");
    expect(await creditError(toGid("StoreCreditAccount", 1), { creditAmount: { amount: "5.00", currencyCode: "USD" } })).toBe("ACCOUNT_NOT_FOUND");
    expect(await creditError(customerId, { creditAmount: { amount: "10000.01", currencyCode: "USD" } })).toBe("CREDIT_LIMIT_EXCEEDED");
    expect(await creditError(customerId, { creditAmount: { amount: "5.00", currencyCode: "AUD" } })).toBe("UNSUPPORTED_CURRENCY");
    expect(devstore.context.state.read().storeCreditAccounts).toEqual([]);

    // An EUR account exists: crediting it in USD is a currency mismatch.
    const eur = (await run(token, CREDIT, { id: customerId, input: { creditAmount: { amount: "5.00", currencyCode: "EUR" } } })).data.storeCreditAccountCredit;
    const eurAccount = eur.storeCreditAccountTransaction.account.id as string;
    expect(await creditError(eurAccount, { creditAmount: { amount: "5.00", currencyCode: "USD" } })).toBe("MISMATCHING_CURRENCY");

    const debitError = async (id: string, amount: string, currencyCode = "EUR") =>
      (await run(token, DEBIT, { id, input: { debitAmount: { amount, currencyCode } } })).data.storeCreditAccountDebit.userErrors[0]?.code;
    expect(await debitError(eurAccount, "5.01")).toBe("INSUFFICIENT_FUNDS");
    expect(await debitError(eurAccount, "-1")).toBe("NEGATIVE_OR_ZERO_AMOUNT");
    expect(await debitError(eurAccount, "1.00", "USD")).toBe("MISMATCHING_CURRENCY");
    expect(await debitError(customerId, "1.00", "USD")).toBe("ACCOUNT_NOT_FOUND");
    expect(devstore.context.state.read().storeCreditAccounts.map((account) => account.balance)).toEqual(["5.00"]);
  });

  it("emails the customer when asked to notify", async () => {
    const token = await setUp();
    const customer = devstore.context.state.read().customers[0];
    await run(token, CREDIT, { id: firstCustomerGid(), input: { creditAmount: { amount: "12.00", currencyCode: "USD" }, notify: true } });
    const mail = devstore.context.state.read().mail[0];
    expect(mail?.to).toEqual([customer?.email]);
    expect(mail?.subject).toContain("12.00 USD in store credit");
  });

  it("needs write_store_credit_account_transactions to credit and read_store_credit_accounts to list", async () => {
    const token = await setUp(["read_customers"]);
    const credit = await run(token, CREDIT, { id: firstCustomerGid(), input: { creditAmount: { amount: "5.00", currencyCode: "USD" } } });
    expect(credit.errors[0].extensions.code).toBe("ACCESS_DENIED");
    expect(credit.errors[0].message).toContain("write_store_credit_account_transactions");
    const accounts = await run(token, ACCOUNTS, { id: firstCustomerGid() });
    expect(accounts.errors[0].message).toContain("read_store_credit_accounts");
  });
});

describe("customerCreate", () => {
  it("creates a customer findable by email and refuses a taken email", async () => {
    const token = await setUp();
    const CREATE = `mutation($input: CustomerInput!) { customerCreate(input: $input) { customer { id email: defaultEmailAddress { emailAddress } } userErrors { field message } } }`;
    const created = (await run(token, CREATE, { input: { email: "ava@creators.example", firstName: "Ava" } })).data.customerCreate;
    expect(created.userErrors).toEqual([]);
    const found = (await run(token, `{ customers(first: 2, query: "email:ava@creators.example") { nodes { id } } }`, {})).data.customers.nodes;
    expect(found).toEqual([{ id: created.customer.id }]);
    const taken = (await run(token, CREATE, { input: { email: "AVA@creators.example" } })).data.customerCreate;
    expect(taken.userErrors).toEqual([{ field: ["email"], message: "Email has already been taken" }]);
  });
});
