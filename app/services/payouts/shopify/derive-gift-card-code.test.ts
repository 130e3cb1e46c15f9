import { describe, expect, it } from "vitest";
import { deriveGiftCardCode, GIFT_CARD_CODE_LENGTH } from "./derive-gift-card-code.server";

const key = Buffer.alloc(32, 7);

describe("deriveGiftCardCode", () => {
  it("is the same for the same item (a retry asks for the same code) and differs per item, shop and key", () => {
    const code = deriveGiftCardCode("a.myshopify.com", "AFF-item1", key);
    expect(deriveGiftCardCode("a.myshopify.com", "AFF-item1", key)).toBe(code);
    expect(deriveGiftCardCode("a.myshopify.com", "AFF-item2", key)).not.toBe(code);
    expect(deriveGiftCardCode("b.myshopify.com", "AFF-item1", key)).not.toBe(code);
    expect(deriveGiftCardCode("a.myshopify.com", "AFF-item1", Buffer.alloc(32, 8))).not.toBe(code);
  });

  it("fits Shopify's rule: 8 to 20 letters and digits", () => {
    for (let index = 0; index < 50; index += 1) {
      expect(deriveGiftCardCode("a.myshopify.com", `AFF-${index}`, key)).toMatch(new RegExp(`^[0-9a-z]{${GIFT_CARD_CODE_LENGTH}}$`));
    }
  });
});
