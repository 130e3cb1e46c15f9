import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkWebhookPayload } from "./payload-schemas";

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "../../tests/fixtures/webhooks", name), "utf8")) as {
    line_items: { price_set: { shop_money: { amount: string; currency_code: string } } }[];
  };

describe("checkWebhookPayload: amounts must be exact in their currency", () => {
  it.each([
    { label: "a USD amount with two decimals", file: "orders-paid.json", amount: "24.00", currency: "USD", ok: true },
    { label: "Shopify's Decimal spelling with a trailing zero dropped", file: "orders-paid.json", amount: "24.5", currency: "USD", ok: true },
    { label: "a USD amount with a third non-zero decimal", file: "orders-paid.json", amount: "19.999", currency: "USD", ok: false },
    { label: "a JPY amount with yen fractions", file: "orders-paid-code-jpy.json", amount: "1000.5", currency: "JPY", ok: false },
    { label: "a KWD amount with three decimals", file: "orders-paid-code-kwd.json", amount: "12.345", currency: "KWD", ok: true },
    { label: "a KWD amount with four decimals", file: "orders-paid-code-kwd.json", amount: "12.3456", currency: "KWD", ok: false },
    { label: "a currency Affable does not know", file: "orders-paid.json", amount: "24.00", currency: "ZZZ", ok: false },
  ])("$label: ok=$ok", ({ file, amount, currency, ok }) => {
    const payload = fixture(file);
    const line = payload.line_items[0]!;
    line.price_set.shop_money = { amount, currency_code: currency };
    const check = checkWebhookPayload("ORDERS_PAID", payload);
    expect(check.ok).toBe(ok);
    if (!check.ok) {
      // The reason names the exact field, so the merchant (or we) can find it in the payload.
      expect(check.reason).toContain("line_items.0.price_set.shop_money.amount");
      expect(check.reason).toContain(currency);
    }
  });
});
