import { describe, expect, it } from "vitest";
import { toProviderItemReport } from "./paypal-item-report";

const item = (transaction_status: string, errors?: { name: string; message: string }) => ({
  payout_item_id: "ITEM1",
  payout_batch_id: "BATCH1",
  transaction_status,
  payout_item: { receiver: "ana@example.com", sender_item_id: "AFF-i1" },
  ...(errors ? { errors } : {}),
});

describe("toProviderItemReport", () => {
  it.each([
    ["SUCCESS", "succeeded"],
    ["PENDING", "submitted"],
    ["ONHOLD", "submitted"],
    ["UNCLAIMED", "submitted"],
    ["FAILED", "failed"],
    ["RETURNED", "failed"],
    ["BLOCKED", "failed"],
    ["REFUNDED", "failed"],
    ["REVERSED", "failed"],
    ["DENIED", "failed"],
    ["CANCELED", "failed"],
    ["SOMETHING_NEW", "needs_review"],
  ])("%s → %s", (status, outcome) => {
    expect(toProviderItemReport("i1", item(status)).outcome).toBe(outcome);
  });

  it("keeps PayPal's ids and status word", () => {
    expect(toProviderItemReport("i1", item("SUCCESS"))).toEqual({ itemId: "i1", outcome: "succeeded", providerItemId: "ITEM1", providerStatus: "SUCCESS", providerBatchId: "BATCH1" });
  });

  it.each([
    [item("FAILED", { name: "RECEIVER_UNREGISTERED", message: "Receiver is unregistered" }), "The PayPal email ana@example.com has no PayPal account; the creator must claim the payment or change their PayPal email."],
    [item("FAILED", { name: "RECEIVER_ACCOUNT_LOCKED", message: "locked" }), "The PayPal account of ana@example.com is locked or inactive; the creator must contact PayPal or change their PayPal email."],
    [item("RETURNED", { name: "RECEIVER_UNREGISTERED", message: "x" }), expect.stringContaining("did not claim it within 30 days")],
    [item("BLOCKED", { name: "REGULATORY_BLOCKED", message: "x" }), expect.stringContaining("PayPal blocked the payment to ana@example.com")],
    [item("FAILED", { name: "SOME_NEW_ERROR", message: "Something PayPal says." }), "PayPal did not pay ana@example.com: Something PayPal says. (SOME_NEW_ERROR)"],
  ])("explains a failure in the merchant's words (%#)", (paypalItem, reason) => {
    const report = toProviderItemReport("i1", paypalItem);
    expect(report).toMatchObject({ outcome: "failed", reason });
  });
});
