import { afterEach, describe, expect, it } from "vitest";
import { createTestDevstore, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { shellRoutes } from "./routes.ts";

let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

describe("the admin's Discounts page", () => {
  it("lists each code with its value, status, dates, limits and combinations, linked from a live sidebar item", async () => {
    devstore = createTestDevstore();
    const token = (await devstore.offlineToken()).access_token;
    const created = await devstore.graphql(
      `mutation($input: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $input) { userErrors { message } } }`,
      {
        token,
        variables: {
          input: {
            title: "Maya <creator> code",
            code: "MAYA15",
            startsAt: "2026-01-01T00:00:00Z",
            endsAt: "2099-01-01T00:00:00Z",
            usageLimit: 50,
            appliesOncePerCustomer: true,
            context: { all: "ALL" },
            customerGets: { value: { percentage: 0.15 }, items: { all: true } },
            combinesWith: { productDiscounts: true },
          },
        },
      },
    );
    expect(await created.json()).toMatchObject({ data: { discountCodeBasicCreate: { userErrors: [] } } });

    const shell = shellRoutes(devstore.context);
    const response = await shell.request("/store/affable-demo/discounts");
    expect(response.status).toBe(200);
    const page = await response.text();
    const row = /<tr data-code="MAYA15">([\s\S]*?)<\/tr>/.exec(page)?.[1] ?? "";
    expect(row).toContain("Maya &lt;creator&gt; code");
    expect(row).toContain("15%");
    expect(row).toContain("Active");
    expect(row).toContain("2026-01-01 00:00 UTC");
    expect(row).toContain("2099-01-01 00:00 UTC");
    expect(row).toContain("0 / 50");
    expect(row).toContain("<td>Yes</td>");
    expect(row).toContain("<td>Product</td>");
    expect(page).toMatch(/<a class="nav-item" href="\/store\/affable-demo\/discounts" aria-current="page">/);
    expect(page).toMatch(/<a class="nav-item" href="\/store\/affable-demo\/mail">.*Mail \(local\)/);
    expect(page).toMatch(/<a class="nav-item" href="\/store\/affable-demo\/orders">/);
    expect(page).toMatch(/<a class="nav-item disabled" href="\/store\/affable-demo\/products"/);
  });

  it("says so when there are no codes", async () => {
    devstore = createTestDevstore();
    const page = await (await shellRoutes(devstore.context).request("/store/affable-demo/discounts")).text();
    expect(page).toContain("No discount codes yet");
  });
});
