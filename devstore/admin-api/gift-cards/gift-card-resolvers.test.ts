import { afterEach, describe, expect, it } from "vitest";
import { toGid } from "../../state/shopify-gid.ts";
import { createTestDevstore, type TestDevstore } from "../../test-support/create-test-devstore.ts";

const GIFT_CARD_SCOPES = ["read_customers", "read_gift_cards", "write_gift_cards"];

let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

async function setUp(options: { approved: boolean }): Promise<string> {
  devstore = createTestDevstore({ scopes: GIFT_CARD_SCOPES, approvedScopes: options.approved ? ["read_gift_cards", "write_gift_cards"] : [] });
  return (await devstore.offlineToken()).access_token;
}

const CREATE = `mutation($input: GiftCardCreateInput!) {
  giftCardCreate(input: $input) {
    giftCard { id lastCharacters maskedCode balance { amount currencyCode } customer { id } expiresOn }
    giftCardCode
    userErrors { field message code }
  }
}`;

// A GraphQL answer read field by field; every read is asserted with expect, so a wrong shape fails the test.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
async function run(token: string, query: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const response = await devstore.graphql(query, { token, variables });
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

describe("giftCardCreate", () => {
  it("creates a card whose full code is only in the create answer; reads show the last characters", async () => {
    const token = await setUp({ approved: true });
    const customer = devstore.context.state.read().customers[0];
    const customerId = toGid("Customer", customer?.id ?? 0);
    const created = (await run(token, CREATE, { input: { initialValue: "40.00", code: "AFFpayout1234abcd", customerId, note: "Affable payout", expiresOn: "2099-01-31" } })).data.giftCardCreate;
    expect(created.userErrors).toEqual([]);
    expect(created.giftCardCode).toBe("affpayout1234abcd");
    expect(created.giftCard).toMatchObject({ lastCharacters: "abcd", balance: { amount: "40.0", currencyCode: "USD" }, customer: { id: customerId }, expiresOn: "2099-01-31" });

    const read = (await run(token, `query($id: ID!) { giftCard(id: $id) { id lastCharacters maskedCode } }`, { id: created.giftCard.id })).data.giftCard;
    expect(JSON.stringify(read)).not.toContain("affpayout1234");
    const byCode = (await run(token, `{ giftCards(first: 2, query: "AFFPAYOUT1234ABCD") { nodes { id } } }`)).data.giftCards.nodes;
    expect(byCode).toEqual([{ id: created.giftCard.id }]);

    const taken = (await run(token, CREATE, { input: { initialValue: "40.00", code: "affpayout1234ABCD" } })).data.giftCardCreate;
    expect(taken).toMatchObject({ giftCard: null, giftCardCode: null, userErrors: [{ field: ["input", "code"], code: "TAKEN" }] });
    expect(devstore.context.state.read().giftCards).toHaveLength(1);
  });

  it("answers Shopify's userErrors for bad input", async () => {
    const token = await setUp({ approved: true });
    const code = async (input: Json) => (await run(token, CREATE, { input })).data.giftCardCreate.userErrors[0]?.code;
    expect(await code({ initialValue: "0" })).toBe("GREATER_THAN");
    expect(await code({ initialValue: "10.00", code: "short" })).toBe("TOO_SHORT");
    expect(await code({ initialValue: "10.00", code: "has-dashes-in-it" })).toBe("INVALID");
    expect(await code({ initialValue: "10.00", customerId: toGid("Customer", 1) })).toBe("CUSTOMER_NOT_FOUND");
    expect(await code({ initialValue: "10000.01" })).toBe("MAX_INITIAL_VALUE_EXCEEDED");
    expect(devstore.context.state.read().giftCards).toEqual([]);
  });

  it("emails the code to the card's customer", async () => {
    const token = await setUp({ approved: true });
    const customer = devstore.context.state.read().customers[0];
    const created = (await run(token, CREATE, { input: { initialValue: "15.00", code: "sendme12345678", customerId: toGid("Customer", customer?.id ?? 0) } })).data.giftCardCreate;
    const sent = (await run(token, `mutation($id: ID!) { giftCardSendNotificationToCustomer(id: $id) { giftCard { id } userErrors { code } } }`, { id: created.giftCard.id })).data
      .giftCardSendNotificationToCustomer;
    expect(sent.userErrors).toEqual([]);
    const mail = devstore.context.state.read().mail[0];
    expect(mail?.to).toEqual([customer?.email]);
    expect(mail?.text).toContain("SEND ME12 3456 78");
  });

  it("withholds write_gift_cards until Shopify approves it: ACCESS_DENIED", async () => {
    const token = await setUp({ approved: false });
    const installation = devstore.context.state.read().installations[0];
    expect(installation?.scopes).toEqual(["read_customers"]);
    const answer = await run(token, CREATE, { input: { initialValue: "10.00" } });
    expect(answer.errors[0].extensions.code).toBe("ACCESS_DENIED");
    expect(answer.errors[0].message).toContain("write_gift_cards");
  });
});
