import { describe, expect, it } from "vitest";
import { describeRunMethod, renderPayoutStatementEmail, type PayoutStatementContext } from "./payout-statement-email";

const context: PayoutStatementContext = {
  shopName: "Linen & Co",
  creatorName: "Amelia",
  to: "amelia@example.com",
  amount: "$12.84",
  method: describeRunMethod("paypal"),
  destination: "amelia@example.com",
  reference: "5UXD2E8A7EBQJ",
  paidOn: "Dec 31, 2026",
  commissions: [
    { orderLabel: "#1001", amount: "$8.92" },
    { orderLabel: "#1002", amount: "$8.92" },
  ],
  clawbacks: [{ orderLabel: "#0990", amount: "$5.00" }],
  clawbackTotal: "$5.00",
  portalUrl: "https://linen.example/apps/affable/portal",
};

describe("renderPayoutStatementEmail", () => {
  it("says what was paid, how, the reference, every commission by order and every clawback", () => {
    const email = renderPayoutStatementEmail(context);
    expect(email.subject).toBe("Linen & Co paid you $12.84");
    expect(email.to).toBe("amelia@example.com");
    expect(email.text).toContain("Amount: $12.84\nMethod: PayPal (amelia@example.com)\nReference: 5UXD2E8A7EBQJ\nPaid on: Dec 31, 2026");
    expect(email.text).toContain("Commissions included (2):\n  #1001  $8.92\n  #1002  $8.92");
    expect(email.text).toContain("Clawbacks deducted ($5.00):\n  #0990  −$5.00");
    expect(email.html).toContain("Linen &amp; Co paid you <strong>$12.84</strong>");
    expect(email.html).toContain("<td style=\"padding:2px 0;text-align:right\">−$5.00</td>");
  });

  it("leaves out the clawback section when nothing was deducted, and escapes what people typed", () => {
    const email = renderPayoutStatementEmail({ ...context, creatorName: "<b>{{ x }}</b>", clawbacks: [], clawbackTotal: null });
    expect(email.text).not.toContain("Clawbacks");
    expect(email.html).not.toContain("Clawbacks");
    expect(email.html).toContain("Hi &lt;b&gt;&#123;&#123; x &#125;&#125;&lt;/b&gt;,");
  });

  it("names every run method in the creator's words", () => {
    expect(["paypal", "store_credit", "gift_card", "sepa_file", "wise_file", "csv_file", "manual"].map(describeRunMethod)).toEqual([
      "PayPal", "Store credit", "Gift card", "Bank transfer (SEPA)", "Bank transfer (Wise)", "Bank transfer", "Paid directly by the shop",
    ]);
  });
});
