import { describe, expect, it } from "vitest";
import { listLinks, pointShopLinksAtLocalStorefront } from "./rewrite-shop-links";

describe("pointShopLinksAtLocalStorefront", () => {
  const hosts = ["affable-demo.myshopify.com", "shop.example.com"];
  it.each([
    {
      label: "a portal sign-in link in text",
      body: "Sign in: https://affable-demo.myshopify.com/apps/affable/portal/sign-in?token=abc\n",
      expected: "Sign in: http://127.0.0.1:4000/apps/affable/portal/sign-in?token=abc\n",
    },
    { label: "an href in HTML", body: '<a href="https://affable-demo.myshopify.com/apps/x">', expected: '<a href="http://127.0.0.1:4000/apps/x">' },
    { label: "the primary domain", body: "https://shop.example.com/", expected: "http://127.0.0.1:4000/" },
    { label: "a look-alike host stays", body: "https://affable-demo.myshopify.com.evil.example/x", expected: "https://affable-demo.myshopify.com.evil.example/x" },
    { label: "another site stays", body: "https://example.org/", expected: "https://example.org/" },
  ])("$label", ({ body, expected }) => expect(pointShopLinksAtLocalStorefront(body, hosts, "http://127.0.0.1:4000/")).toBe(expected));
});

describe("listLinks", () => {
  it("finds each link once", () => {
    expect(listLinks("a https://x.test/1 b https://x.test/1 c http://y.test/?q=1\n")).toEqual(["https://x.test/1", "http://y.test/?q=1"]);
  });
});
