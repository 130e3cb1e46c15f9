import { describe, expect, it } from "vitest";
import { buildAdminSchema } from "./build-admin-schema.ts";
import { calculateActualCost, calculateRequestedCost, type CostInput } from "./calculate-query-cost.ts";
import { Kind, getOperationAST, parse, type FragmentDefinitionNode } from "./graphql-runtime.ts";

const schema = buildAdminSchema();

function costInput(query: string, variables: Record<string, unknown> = {}): CostInput {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error("test query has no operation");
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  return { schema, operation, fragments, variables };
}

describe("requested query cost (Shopify's defaults: object 1, scalar 0, connection 2 + first × node)", () => {
  it.each([
    ["{ shop { name } }", 1],
    ["{ shop { name primaryDomain { host } plan { displayName } } }", 3],
    ["{ products(first: 10) { nodes { id } } }", 12],
    ["{ products(first: 10) { edges { cursor node { id } } pageInfo { hasNextPage } } }", 12],
    ["{ products(first: 10) { edges { node { id } } nodes { id featuredImage { url } } } }", 22],
    ["{ products(last: 4) { nodes { variants(first: 5) { nodes { id selectedOptions { name } } } } } }", 2 + 4 * (1 + 2 + 5 * 2)],
    ["{ node(id: \"x\") { id ... on Product { featuredImage { url } } ... on Customer { id } } }", 2],
    ["{ nodes(ids: [\"a\", \"b\", \"c\"]) { id } }", 3],
    ["{ a: shop { name } b: shop { name } }", 2],
    ["{ shop { name } __typename }", 1],
  ])("%s costs %i", (query, cost) => {
    expect(calculateRequestedCost(costInput(query))).toBe(cost);
  });

  it("reads page sizes from variables, follows fragments and honours @skip/@include", () => {
    const query = `query ($n: Int!, $withImages: Boolean!) {
      products(first: $n) { nodes { ...Card } }
    }
    fragment Card on Product { id featuredImage @include(if: $withImages) { url } }`;
    expect(calculateRequestedCost(costInput(query, { n: 20, withImages: true }))).toBe(2 + 20 * 2);
    expect(calculateRequestedCost(costInput(query, { n: 20, withImages: false }))).toBe(2 + 20 * 1);
  });
});

describe("actual query cost", () => {
  it("charges the nodes returned, not the page size asked for", () => {
    const input = costInput("{ products(first: 50) { nodes { id featuredImage { url } } } }");
    const data = { products: { nodes: [{ id: "1", featuredImage: { url: "u" } }, { id: "2", featuredImage: null }] } };
    expect(calculateRequestedCost(input)).toBe(2 + 50 * 2);
    expect(calculateActualCost(input, data)).toBe(2 + 2 + 1);
  });

  it("is zero when the root was nulled (for example ACCESS_DENIED on a non-null field)", () => {
    expect(calculateActualCost(costInput("{ customers(first: 5) { nodes { id } } }"), null)).toBe(0);
  });
});
