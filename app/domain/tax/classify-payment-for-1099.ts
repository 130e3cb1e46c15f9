/**
 * Which information return covers a payment, by how it was paid. Payments through a payment settlement entity
 * (PayPal, a payment card) are reported by the processor on Form 1099-K, so the merchant leaves them off the
 * 1099-NEC. Everything else (bank transfer, SEPA/Wise file, store credit, gift card, manual) is the merchant's to
 * report on 1099-NEC. Kept as data: a new method must be placed here on purpose.
 */
export type InformationReturn = "1099-NEC" | "1099-K";

const REPORTED_BY_PROCESSOR: ReadonlySet<string> = new Set(["paypal", "card", "credit_card", "debit_card"]);

export function classifyPaymentFor1099(method: string): InformationReturn {
  return REPORTED_BY_PROCESSOR.has(method) ? "1099-K" : "1099-NEC";
}
