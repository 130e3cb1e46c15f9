import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { openStateStore } from "../../state/state-store.ts";
import { SHOP_DOMAIN } from "../../config.ts";
import { createTestDevstore, type TestDevstore } from "../../test-support/create-test-devstore.ts";

let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

async function setUp(options: Parameters<typeof createTestDevstore>[0] = {}): Promise<string> {
  devstore = createTestDevstore(options);
  return (await devstore.offlineToken()).access_token;
}

const NODE_FIELDS = `id
  codeDiscount {
    ... on DiscountCodeBasic {
      title status startsAt endsAt usageLimit appliesOncePerCustomer asyncUsageCount
      codes(first: 5) { nodes { code } }
      customerGets {
        value {
          ... on DiscountPercentage { percentage }
          ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem }
        }
        items { ... on AllDiscountItems { allItems } }
      }
      customerSelection { ... on DiscountCustomerAll { allCustomers } }
      context { ... on DiscountBuyerSelectionAll { all } }
      combinesWith { orderDiscounts productDiscounts shippingDiscounts }
    }
  }`;

const CREATE = `mutation Create($input: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $input) {
    codeDiscountNode { ${NODE_FIELDS} }
    userErrors { field message code extraInfo }
  }
}`;

const userErrorSchema = z.object({ field: z.array(z.string()).nullable(), message: z.string(), code: z.string().nullable(), extraInfo: z.string().nullable().optional() });
const nodeSchema = z.object({
  id: z.string(),
  codeDiscount: z.object({
    title: z.string(),
    status: z.string(),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    usageLimit: z.number().nullable(),
    appliesOncePerCustomer: z.boolean(),
    asyncUsageCount: z.number(),
    codes: z.object({ nodes: z.array(z.object({ code: z.string() })) }),
    customerGets: z.object({ value: z.record(z.string(), z.unknown()), items: z.object({ allItems: z.boolean() }) }),
    customerSelection: z.object({ allCustomers: z.boolean() }),
    context: z.object({ all: z.string() }),
    combinesWith: z.object({ orderDiscounts: z.boolean(), productDiscounts: z.boolean(), shippingDiscounts: z.boolean() }),
  }),
});
const payloadSchema = z.object({ codeDiscountNode: nodeSchema.nullable(), userErrors: z.array(userErrorSchema) });
const answerSchema = z.object({
  data: z.record(z.string(), z.unknown()).nullable().optional(),
  errors: z.array(z.object({ message: z.string(), extensions: z.record(z.string(), z.unknown()).optional() })).optional(),
  extensions: z.object({ cost: z.object({ requestedQueryCost: z.number(), actualQueryCost: z.number().nullable() }) }).optional(),
});

async function run(token: string, query: string, variables: Record<string, unknown> = {}) {
  const response = await devstore.graphql(query, { token, variables });
  expect(response.status).toBe(200);
  return answerSchema.parse(await response.json());
}

function basicInput(overrides: Record<string, unknown> = {}) {
  return {
    title: "Maya's creator code",
    code: "MAYA15",
    startsAt: "2026-01-01T00:00:00Z",
    context: { all: "ALL" },
    customerGets: { value: { percentage: 0.15 }, items: { all: true } },
    combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
    appliesOncePerCustomer: true,
    usageLimit: 100,
    ...overrides,
  };
}

async function create(token: string, overrides: Record<string, unknown> = {}) {
  const answer = await run(token, CREATE, { input: basicInput(overrides) });
  expect(answer.errors).toBeUndefined();
  return payloadSchema.parse(answer.data?.discountCodeBasicCreate);
}

async function createOk(token: string, overrides: Record<string, unknown> = {}) {
  const payload = await create(token, overrides);
  expect(payload.userErrors).toEqual([]);
  if (!payload.codeDiscountNode) throw new Error("no node");
  return payload.codeDiscountNode;
}

describe("discountCodeBasicCreate", () => {
  it("creates a percentage code for all items and all buyers, persisted, costing 10 points plus its selection", async () => {
    const token = await setUp();
    const answer = await run(token, CREATE, { input: basicInput() });
    expect(answer.extensions?.cost.requestedQueryCost).toBeGreaterThanOrEqual(10);
    const payload = payloadSchema.parse(answer.data?.discountCodeBasicCreate);
    expect(payload.userErrors).toEqual([]);
    expect(payload.codeDiscountNode?.id).toMatch(/^gid:\/\/shopify\/DiscountCodeNode\/\d+$/);
    expect(payload.codeDiscountNode?.codeDiscount).toEqual({
      title: "Maya's creator code",
      status: "ACTIVE",
      startsAt: "2026-01-01T00:00:00.000Z",
      endsAt: null,
      usageLimit: 100,
      appliesOncePerCustomer: true,
      asyncUsageCount: 0,
      codes: { nodes: [{ code: "MAYA15" }] },
      customerGets: { value: { percentage: 0.15 }, items: { allItems: true } },
      customerSelection: { allCustomers: true },
      context: { all: "ALL" },
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
    });
    const reopened = openStateStore({ file: devstore.stateFile, shopDomain: SHOP_DOMAIN });
    expect(reopened.read().discounts.map((discount) => discount.codes[0]?.code)).toEqual(["MAYA15"]);
  });

  it("creates a fixed-amount code with the deprecated customerSelection, and a future start is SCHEDULED", async () => {
    const token = await setUp();
    const node = await createOk(token, {
      context: undefined,
      customerSelection: { all: true },
      customerGets: { value: { discountAmount: { amount: "10.00", appliesOnEachItem: false } }, items: { all: true } },
      startsAt: new Date(devstore.clock.now().getTime() + 86_400_000).toISOString(),
    });
    expect(node.codeDiscount.customerGets.value).toEqual({ amount: { amount: "10.0", currencyCode: "USD" }, appliesOnEachItem: false });
    expect(node.codeDiscount.status).toBe("SCHEDULED");
  });

  it("refuses a code already taken, whatever its case", async () => {
    const token = await setUp();
    await createOk(token);
    const payload = await create(token, { code: "maya15" });
    expect(payload.codeDiscountNode).toBeNull();
    expect(payload.userErrors).toEqual([
      { field: ["basicCodeDiscount", "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN", extraInfo: null },
    ]);
    expect(devstore.context.state.read().discounts).toHaveLength(1);
  });

  it.each([
    ["an end before the start", { endsAt: "2025-12-31T00:00:00Z" }, ["basicCodeDiscount", "endsAt"], "END_DATE_BEFORE_START_DATE"],
    ["a zero percentage", { customerGets: { value: { percentage: 0 }, items: { all: true } } }, ["basicCodeDiscount", "customerGets", "value", "percentage"], "GREATER_THAN"],
    ["15 meant as 15%", { customerGets: { value: { percentage: 15 }, items: { all: true } } }, ["basicCodeDiscount", "customerGets", "value", "percentage"], "LESS_THAN_OR_EQUAL_TO"],
    ["a negative amount", { customerGets: { value: { discountAmount: { amount: "-5.00" } }, items: { all: true } } }, ["basicCodeDiscount", "customerGets", "value", "discountAmount", "amount"], "GREATER_THAN"],
    ["a zero amount", { customerGets: { value: { discountAmount: { amount: "0.00" } }, items: { all: true } } }, ["basicCodeDiscount", "customerGets", "value", "discountAmount", "amount"], "GREATER_THAN"],
    ["a usage limit of 0", { usageLimit: 0 }, ["basicCodeDiscount", "usageLimit"], "GREATER_THAN"],
    ["a blank code", { code: "   " }, ["basicCodeDiscount", "code"], "BLANK"],
    ["a blank title", { title: "" }, ["basicCodeDiscount", "title"], "BLANK"],
    ["a code of 256 characters", { code: "A".repeat(256) }, ["basicCodeDiscount", "code"], "TOO_LONG"],
    ["no value", { customerGets: { items: { all: true } } }, ["basicCodeDiscount", "customerGets", "value"], "BLANK"],
  ])("answers a userError for %s and creates nothing", async (_label, overrides, field, code) => {
    const token = await setUp();
    const payload = await create(token, overrides);
    expect(payload.codeDiscountNode).toBeNull();
    expect(payload.userErrors).toHaveLength(1);
    expect(payload.userErrors[0]).toMatchObject({ field, code });
    expect(devstore.context.state.read().discounts).toEqual([]);
  });

  it("accepts a code of exactly 255 characters and a percentage of exactly 1", async () => {
    const token = await setUp();
    await createOk(token, { code: "B".repeat(255), customerGets: { value: { percentage: 1 }, items: { all: true } } });
  });

  it("needs write_discounts: ACCESS_DENIED and nothing written without it", async () => {
    const token = await setUp({ scopes: ["read_products"] });
    const answer = await run(token, CREATE, { input: basicInput() });
    expect(answer.errors?.[0]?.extensions?.code).toBe("ACCESS_DENIED");
    expect(answer.errors?.[0]?.message).toContain("write_discounts");
    expect(answer.data?.discountCodeBasicCreate).toBeNull();
    expect(devstore.context.state.read().discounts).toEqual([]);
    const read = await run(token, `{ codeDiscountNodeByCode(code: "X") { id } }`);
    expect(read.errors?.[0]?.extensions?.code).toBe("ACCESS_DENIED");
  });
});

const BY_CODE = `query ByCode($code: String!) { codeDiscountNodeByCode(code: $code) { ${NODE_FIELDS} } }`;

describe("reading code discounts", () => {
  it("finds a code case-insensitively, by id, through node(id), and lists them with a query", async () => {
    const token = await setUp();
    const created = await createOk(token);
    await createOk(token, { code: "SAM10", title: "Sam's code" });

    const byCode = await run(token, BY_CODE, { code: "maya15" });
    expect(nodeSchema.parse(byCode.data?.codeDiscountNodeByCode).id).toBe(created.id);
    expect((await run(token, BY_CODE, { code: "NOPE" })).data?.codeDiscountNodeByCode).toBeNull();

    const byId = await run(token, `query($id: ID!) { codeDiscountNode(id: $id) { id } node(id: $id) { id } }`, { id: created.id });
    expect(byId.data).toEqual({ codeDiscountNode: { id: created.id }, node: { id: created.id } });

    const list = z
      .object({ codeDiscountNodes: z.object({ nodes: z.array(z.object({ codeDiscount: z.object({ title: z.string() }) })), pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }) }) })
      .parse((await run(token, `{ codeDiscountNodes(first: 1) { nodes { codeDiscount { ... on DiscountCodeBasic { title } } } pageInfo { hasNextPage endCursor } } }`)).data);
    expect(list.codeDiscountNodes.nodes.map((node) => node.codeDiscount.title)).toEqual(["Maya's creator code"]);
    expect(list.codeDiscountNodes.pageInfo.hasNextPage).toBe(true);
    const next = await run(token, `query($after: String) { codeDiscountNodes(first: 5, after: $after) { nodes { id } } }`, { after: list.codeDiscountNodes.pageInfo.endCursor });
    expect(next.data).toEqual({ codeDiscountNodes: { nodes: [{ id: expect.stringMatching(/DiscountCodeNode/) as unknown }] } });
    const filtered = await run(token, `{ codeDiscountNodes(first: 5, query: "code:sam10") { nodes { codeDiscount { ... on DiscountCodeBasic { title } } } } }`);
    expect(filtered.data).toEqual({ codeDiscountNodes: { nodes: [{ codeDiscount: { title: "Sam's code" } }] } });
  });
});

const UPDATE = `mutation Update($id: ID!, $input: DiscountCodeBasicInput!) {
  discountCodeBasicUpdate(id: $id, basicCodeDiscount: $input) { codeDiscountNode { ${NODE_FIELDS} } userErrors { field message code extraInfo } }
}`;
const SIMPLE = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { codeDiscountNode { ${NODE_FIELDS} } userErrors { field message code extraInfo } } }`;

describe("changing code discounts", () => {
  it("updates only the fields given, keeps the code namespace unique, and says when the id does not exist", async () => {
    const token = await setUp();
    const maya = await createOk(token);
    await createOk(token, { code: "SAM10" });
    const updated = payloadSchema.parse(
      (await run(token, UPDATE, { id: maya.id, input: { title: "Maya 20", customerGets: { value: { percentage: 0.2 } }, code: "MAYA20" } })).data
        ?.discountCodeBasicUpdate,
    );
    expect(updated.userErrors).toEqual([]);
    expect(updated.codeDiscountNode?.codeDiscount).toMatchObject({
      title: "Maya 20",
      usageLimit: 100,
      appliesOncePerCustomer: true,
      codes: { nodes: [{ code: "MAYA20" }] },
      customerGets: { value: { percentage: 0.2 } },
    });
    const taken = payloadSchema.parse((await run(token, UPDATE, { id: maya.id, input: { code: "sam10" } })).data?.discountCodeBasicUpdate);
    expect(taken.userErrors[0]).toMatchObject({ field: ["basicCodeDiscount", "code"], code: "TAKEN" });
    // Re-saving its own code is not a clash.
    const same = payloadSchema.parse((await run(token, UPDATE, { id: maya.id, input: { code: "maya20" } })).data?.discountCodeBasicUpdate);
    expect(same.userErrors).toEqual([]);
    const missing = payloadSchema.parse(
      (await run(token, UPDATE, { id: "gid://shopify/DiscountCodeNode/1", input: { title: "x" } })).data?.discountCodeBasicUpdate,
    );
    expect(missing.userErrors).toEqual([{ field: ["id"], message: "Discount does not exist", code: "INVALID", extraInfo: null }]);
  });

  it("deactivates (ends now → EXPIRED), activates again (no end → ACTIVE), and deletes", async () => {
    const token = await setUp();
    const node = await createOk(token, { endsAt: "2099-01-01T00:00:00Z" });
    const deactivated = payloadSchema.parse((await run(token, SIMPLE("discountCodeDeactivate"), { id: node.id })).data?.discountCodeDeactivate);
    expect(deactivated.codeDiscountNode?.codeDiscount.status).toBe("EXPIRED");
    expect(deactivated.codeDiscountNode?.codeDiscount.endsAt).toBe(devstore.clock.now().toISOString());

    devstore.clock.advance(1000);
    const activated = payloadSchema.parse((await run(token, SIMPLE("discountCodeActivate"), { id: node.id })).data?.discountCodeActivate);
    expect(activated.codeDiscountNode?.codeDiscount).toMatchObject({ status: "ACTIVE", endsAt: null });

    const deleted = await run(token, `mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field code message } } }`, { id: node.id });
    expect(deleted.data).toEqual({ discountCodeDelete: { deletedCodeDiscountId: node.id, userErrors: [] } });
    expect((await run(token, BY_CODE, { code: "MAYA15" })).data?.codeDiscountNodeByCode).toBeNull();
    // Its code is free again.
    await createOk(token);
    const again = await run(token, `mutation($id: ID!) { discountCodeDelete(id: $id) { deletedCodeDiscountId userErrors { field code } } }`, { id: node.id });
    expect(again.data).toEqual({ discountCodeDelete: { deletedCodeDiscountId: null, userErrors: [{ field: ["id"], code: "INVALID" }] } });
  });

  it("shows the discounts on GET /__devstore/discounts exactly as chosen", async () => {
    const token = await setUp();
    await createOk(token);
    const response = await devstore.app.request("http://localhost/__devstore/discounts?code=maya15");
    expect(await response.json()).toEqual({
      discounts: [
        expect.objectContaining({
          code: "MAYA15",
          status: "ACTIVE",
          value: { kind: "percentage", percentage: 0.15 },
          usageLimit: 100,
          appliesOncePerCustomer: true,
          endsAt: null,
          combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
        }) as unknown,
      ],
    });
  });
});

describe("POST /__devstore/fail-next", () => {
  const failNext = (body: unknown) =>
    devstore.app.request("http://localhost/__devstore/fail-next", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  it("fails the next create with a userError, writing nothing, then lets the one after through", async () => {
    const token = await setUp();
    expect((await failNext({ operation: "discountCodeBasicCreate", mode: "userError" })).status).toBe(200);
    const failed = await create(token);
    expect(failed.codeDiscountNode).toBeNull();
    expect(failed.userErrors[0]).toMatchObject({ field: null, code: "INTERNAL_ERROR" });
    expect(devstore.context.state.read().discounts).toEqual([]);
    await createOk(token);
  });

  it("fails the next create with HTTP 500 and leaves other operations alone", async () => {
    const token = await setUp();
    await failNext({ operation: "discountCodeBasicCreate", mode: "http500" });
    expect((await run(token, `{ shop { name } }`)).data).toEqual({ shop: { name: "Affable Demo Store" } });
    const response = await devstore.graphql(CREATE, { token, variables: { input: basicInput() } });
    expect(response.status).toBe(500);
    expect(devstore.context.state.read().discounts).toEqual([]);
    await createOk(token);
  });

  it("refuses a body it cannot read", async () => {
    await setUp();
    expect((await failNext({ operation: "discountCodeBasicCreate", mode: "explode" })).status).toBe(400);
  });
});
