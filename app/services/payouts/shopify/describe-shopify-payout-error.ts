/**
 * Shopify's userErrors for store credit and gift cards, in the merchant's words: what happened and what to do. The
 * item's failure reason (shown to merchant and creator) is this text. Pure: no I/O.
 */

export type PayoutUserError = { field: string[] | null; message: string; code: string | null };

export type DescribeContext = {
  /** The currency Affable pays in (the shop currency). */
  payCurrency: string;
  /** The currency the customer's store credit is already held in, when Shopify's answer or a lookup told us. */
  accountCurrency?: string | null;
  creatorName: string;
};

export function describeStoreCreditError(error: PayoutUserError, context: DescribeContext): string {
  const { payCurrency, creatorName } = context;
  switch (error.code) {
    case "MISMATCHING_CURRENCY":
      return `${creatorName}'s store credit is in ${context.accountCurrency ?? "another currency"}; Affable pays in ${payCurrency}. ` +
        "Shopify keeps store credit per currency and cannot mix them: pay this creator by another method, or credit them by hand in Shopify and mark the payout paid.";
    case "UNSUPPORTED_CURRENCY":
      return `Shopify cannot hold store credit in ${payCurrency} for this shop. Pay this creator by another method.`;
    case "CREDIT_LIMIT_EXCEEDED":
      return `Shopify refused the credit: ${creatorName}'s store credit would go over Shopify's limit for one account. ` +
        "Pay this creator by another method, or ask them to spend some of their credit first.";
    case "NEGATIVE_OR_ZERO_AMOUNT":
      return "Shopify refused the credit because the amount was zero or negative. Nothing was paid; check the creator's commissions and clawbacks.";
    case "EXPIRES_AT_IN_PAST":
      return "Shopify refused the credit because its expiry date was in the past. Check Settings › Payouts › Store credit expiry.";
    case "OWNER_NOT_FOUND":
    case "ACCOUNT_NOT_FOUND":
      return `Shopify no longer has ${creatorName}'s customer record (it may have been deleted or merged). Affable will look the customer up again by email on the next run.`;
    case "INSUFFICIENT_FUNDS":
      return `${creatorName}'s store credit balance is lower than the amount to take back. Debit a smaller amount, or recover the rest from their next payout.`;
    default:
      return `Shopify refused the store credit: ${error.message}`;
  }
}

export function describeGiftCardError(error: PayoutUserError, context: DescribeContext): string {
  switch (error.code) {
    case "CUSTOMER_NOT_FOUND":
      return `Shopify no longer has ${context.creatorName}'s customer record. Affable will look the customer up again by email on the next run.`;
    case "MAX_INITIAL_VALUE_EXCEEDED":
    case "MAX_INITIAL_VALUE_EXCEEDED_IN_USD":
    case "GIFT_CARD_LIMIT_EXCEEDED":
      return "The payout is larger than Shopify allows on one gift card. Pay this creator by another method.";
    case "GREATER_THAN":
      return "Shopify refused the gift card because the amount was zero. Nothing was paid; check the creator's commissions and clawbacks.";
    default:
      return `Shopify refused the gift card: ${error.message}`;
  }
}
