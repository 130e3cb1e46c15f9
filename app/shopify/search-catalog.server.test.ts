import { describe, expect, it } from "vitest";
import { searchCatalog, toSearchText } from "./search-catalog.server";

describe("toSearchText", () => {
  it.each([
    { typed: "grinder", sent: "grinder" },
    { typed: "  Burr   grinder ", sent: "Burr grinder" },
    { typed: "status:draft", sent: "status draft" },
    { typed: 'tee" OR title:*', sent: "tee title" },
    { typed: "Crème brûlée", sent: "Crème brûlée" },
    { typed: "kid's t-shirt (blue)", sent: "kid's t-shirt blue" },
  ])("$typed → $sent", ({ typed, sent }) => expect(toSearchText(typed)).toBe(sent));
});

describe("searchCatalog", () => {
  it("asks for the kind's connection with the cleaned text and returns ids and titles", async () => {
    const calls: Array<{ query: string; variables?: Record<string, unknown> }> = [];
    const admin = {
      async graphql(query: string, options?: { variables?: Record<string, unknown> }) {
        calls.push({ query, ...(options?.variables ? { variables: options.variables } : {}) });
        return Response.json({ data: { collections: { nodes: [{ id: "gid://shopify/Collection/1", title: "Bestsellers", handle: "x" }] } } });
      },
    };
    expect(await searchCatalog(admin, "collections", "best:")).toEqual([{ id: "gid://shopify/Collection/1", title: "Bestsellers" }]);
    expect(calls[0]?.query).toContain("collections(first: 20, query: $query");
    expect(calls[0]?.variables).toEqual({ query: "best" });
  });
});
