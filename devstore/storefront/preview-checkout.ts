/**
 * What the checkout page shows before "Pay now": the cart's lines, the code discount checked by the SAME rules
 * createOrder enforces (devstore/orders/create-order.ts: active period, usage limit, once per customer), so a code
 * that would be refused shows its reason before the order is placed, and the totals the order will have.
 */
import { checkDiscount, lineDiscountFor } from "../orders/create-order.ts";
import { OrderError } from "../orders/order-error.ts";
import { parseRatio, sumMinor } from "../orders/order-money.ts";
import { priceOrderLines } from "../orders/price-order-lines.ts";
import { planOrderPayments, storeCreditBalance, type PaymentPlan } from "../orders/plan-order-payments.ts";
import type { DevstoreState, DevstoreStateView } from "../state/state-schema.ts";
import type { Cart } from "./cart-store.ts";
import { priceCartLines, type PricedCartLine } from "./present-cart.ts";

export interface CheckoutPreview {
  lines: PricedCartLine[];
  subtotal: bigint;
  /** The applied code and what it takes off; null when no code or a refused one. */
  discount: { code: string; title: string; amount: bigint } | null;
  /** Why the code cannot be used, in the checkout's words; null when it applies (or none was given). */
  discountError: string | null;
  tax: bigint;
  total: bigint;
  /** Gift card and store credit applied (planOrderPayments); null when neither was asked for or one was refused. */
  payments: PaymentPlan | null;
  /** Why the gift card or store credit cannot be used. */
  paymentError: string | null;
  /** The signed-in customer's store credit in the shop currency (0 when not signed in). */
  storeCreditAvailable: bigint;
}

export interface CheckoutPaymentChoice {
  giftCardCode: string | null;
  useStoreCredit: boolean;
  /** Only a customer signed in to their account may spend its store credit (not one matched by email). */
  signedInCustomerId: number | null;
}

export function previewCheckout(
  state: DevstoreStateView,
  cart: Cart,
  code: string | null,
  customerId: number | null,
  now: Date,
  paying: CheckoutPaymentChoice = { giftCardCode: null, useStoreCredit: false, signedInCustomerId: null },
): CheckoutPreview {
  const lines = priceCartLines(state, cart);
  const currency = state.shop.currencyCode;
  let discount: CheckoutPreview["discount"] = null;
  let discountError: string | null = null;
  let lineDiscount = null;
  if (code) {
    try {
      // checkDiscount only reads the discounts and orders it is given.
      const checked = checkDiscount(state as unknown as Pick<DevstoreState, "discounts" | "orders">, code, customerId, now);
      lineDiscount = lineDiscountFor(checked.record, currency, currency, { numerator: 1n, denominator: 1n });
      discount = { code: checked.code, title: checked.record.title, amount: 0n };
    } catch (error) {
      if (!(error instanceof OrderError)) throw error;
      discountError = describeRefusal(error.message);
    }
  }
  const priced = priceOrderLines(
    lines.map((line) => ({ unitPrice: line.unitPrice, quantity: line.line.quantity, taxable: line.variant.taxable })),
    lineDiscount,
    parseRatio(state.orderSettings.taxRate),
    false,
  );
  const subtotal = sumMinor(lines.map((line) => line.linePrice));
  const discountAmount = sumMinor(priced.map((line) => line.discount));
  const tax = sumMinor(priced.map((line) => line.tax));
  if (discount) discount.amount = discountAmount;
  const total = subtotal - discountAmount + tax;
  let payments: PaymentPlan | null = null;
  let paymentError: string | null = null;
  if (paying.giftCardCode || paying.useStoreCredit) {
    try {
      payments = planOrderPayments(state, { total, currency, signedInCustomerId: paying.signedInCustomerId, useStoreCredit: paying.useStoreCredit, giftCardCode: paying.giftCardCode, now });
    } catch (error) {
      if (!(error instanceof OrderError)) throw error;
      paymentError = error.message;
    }
  }
  const storeCreditAvailable = storeCreditBalance(state, paying.signedInCustomerId, currency);
  return { lines, subtotal, discount, discountError, tax, total, payments, paymentError, storeCreditAvailable };
}

/** createOrder speaks to developers about a missing customerId; a shopper is told to log in or give their email. */
function describeRefusal(message: string): string {
  return message.replace(/: send a customerId so the checkout can tell who is buying\.$/, ": log in, or enter the email of your customer account, to use it.");
}

/** The customer buying: the logged-in one, else the customer account with this email (how Shopify links guests). */
export function resolveBuyer(state: DevstoreStateView, loggedInCustomerId: number | null, email: string | null): number | null {
  if (loggedInCustomerId !== null && state.customers.some((customer) => customer.id === loggedInCustomerId)) return loggedInCustomerId;
  if (!email) return null;
  const match = state.customers.find((customer) => customer.email.toLowerCase() === email.trim().toLowerCase());
  return match?.id ?? null;
}
