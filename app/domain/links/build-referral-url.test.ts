import { describe, expect, it } from "vitest";
import { buildReferralUrl, buildShareableDiscountUrl, normalizeStorefrontPath } from "./build-referral-url";

describe("normalizeStorefrontPath", () => {
  it.each([
    { input: "", path: "/" },
    { input: "/", path: "/" },
    { input: "/products/linen-shirt", path: "/products/linen-shirt" },
    { input: "products/linen-shirt/", path: "/products/linen-shirt" },
    { input: "/collections/summer", path: "/collections/summer" },
    { input: "/collections/summer/products/hat", path: "/collections/summer/products/hat" },
    { input: "/pages/about-us", path: "/pages/about-us" },
  ])("$input → $path", ({ input, path }) => expect(normalizeStorefrontPath(input)).toEqual({ ok: true, path }));

  it.each([
    { label: "full URL", input: "https://evil.example/products/x" },
    { label: "protocol-relative", input: "//evil.example" },
    { label: "query", input: "/products/x?y=1" },
    { label: "unknown section", input: "/admin/orders" },
    { label: "section alone", input: "/products" },
    { label: "dot-dot", input: "/products/../admin" },
    { label: "space", input: "/products/linen shirt" },
  ])("refuses $label", ({ input }) => expect(normalizeStorefrontPath(input).ok).toBe(false));
});

describe("buildReferralUrl", () => {
  it.each([
    { label: "home page", input: { storefrontHost: "shop.example.com", path: "/", refToken: "r4nd0m" }, url: "https://shop.example.com/?ref=r4nd0m" },
    {
      label: "product with UTM",
      input: { storefrontHost: "affable-demo.myshopify.com", path: "/products/linen-shirt", refToken: "abc", utmSource: "instagram", utmMedium: "social", utmCampaign: "summer sale" },
      url: "https://affable-demo.myshopify.com/products/linen-shirt?ref=abc&utm_source=instagram&utm_medium=social&utm_campaign=summer+sale",
    },
    {
      label: "empty UTM values left out",
      input: { storefrontHost: "shop.example.com", path: "/collections/summer", refToken: "abc", utmSource: "", utmMedium: null },
      url: "https://shop.example.com/collections/summer?ref=abc",
    },
    { label: "ref with characters to escape", input: { storefrontHost: "shop.example.com", path: "/", refToken: "a&b=c" }, url: "https://shop.example.com/?ref=a%26b%3Dc" },
  ])("$label", ({ input, url }) => expect(buildReferralUrl(input)).toBe(url));
});

describe("buildShareableDiscountUrl", () => {
  it.each([
    {
      label: "home page",
      input: { storefrontHost: "shop.example.com", code: "MAYA15", refToken: "abc" },
      url: "https://shop.example.com/discount/MAYA15?redirect=%2F&ref=abc",
    },
    {
      label: "product redirect is encoded",
      input: { storefrontHost: "affable-demo.myshopify.com", code: "MAYA-LEE_15", redirectPath: "/products/linen-shirt", refToken: "abc" },
      url: "https://affable-demo.myshopify.com/discount/MAYA-LEE_15?redirect=%2Fproducts%2Flinen-shirt&ref=abc",
    },
    {
      label: "with UTM",
      input: { storefrontHost: "shop.example.com", code: "X1", redirectPath: "/collections/a", refToken: "r", utmSource: "tiktok" },
      url: "https://shop.example.com/discount/X1?redirect=%2Fcollections%2Fa&ref=r&utm_source=tiktok",
    },
  ])("$label", ({ input, url }) => expect(buildShareableDiscountUrl(input)).toBe(url));
});
