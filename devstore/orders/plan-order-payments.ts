/**
 * How a checkout's total is paid: a gift card code (anyone who has it) first, then the signed-in customer's store
 * credit, and the card ("bogus") for the rest. The same plan is shown on the checkout page and applied when the order
 * is placed (createOrder), so the page never promises what the order refuses. Store credit and gift cards are held in
 * the shop currency here; an order in another presentment currency pays by card only.
 */
import { findGiftCardByCode } from "../admin-api/gift-cards/gift-card-resolvers.ts";
import type { DevstoreStateView } from "../state/state-schema.ts";
import { OrderError } from "./order-error.ts";
import { formatMinor, parseMinor } from "./order-money.ts";

export interface PaymentRequest {
  /** The order total in the shop currency. */
  total: bigint;
  currency: string;
  /** The customer signed in to their account: only they may spend its store credit. */
  signedInCustomerId: number | null;
  useStoreCredit: boolean;
  giftCardCode: string | null;
  now: Date;
}

export interface PaymentPlan {
  giftCard: { id: number; lastCharacters: string; amount: bigint; balanceBefore: bigint } | null;
  storeCredit: { accountId: number; amount: bigint; balanceBefore: bigint } | null;
  /** What the card pays. */
  due: bigint;
}

export function planOrderPayments(state: Pick<DevstoreStateView, "giftCards" | "storeCreditAccounts" | "shop">, request: PaymentRequest): PaymentPlan {
  let due = request.total;
  let giftCard: PaymentPlan["giftCard"] = null;
  let storeCredit: PaymentPlan["storeCredit"] = null;
  if (request.giftCardCode) {
    const card = findGiftCardByCode(state.giftCards, request.giftCardCode);
    if (!card) throw new OrderError(422, "This gift card code does not exist. Check the code and try again.");
    if (!card.enabled) throw new OrderError(422, "This gift card is disabled.");
    if (card.expiresOn !== null && card.expiresOn < request.now.toISOString().slice(0, 10)) throw new OrderError(422, `This gift card expired on ${card.expiresOn}.`);
    if (card.currencyCode !== request.currency) throw new OrderError(422, `This gift card is in ${card.currencyCode}; pay in ${card.currencyCode} to use it.`);
    const balance = parseMinor(card.balance, card.currencyCode);
    if (balance === 0n) throw new OrderError(422, "This gift card has no balance left.");
    const amount = balance < due ? balance : due;
    giftCard = { id: card.id, lastCharacters: card.code.slice(-4), amount, balanceBefore: balance };
    due -= amount;
  }
  if (request.useStoreCredit) {
    if (request.signedInCustomerId === null) throw new OrderError(422, "Log in to your customer account to use store credit.");
    const account = state.storeCreditAccounts.find((candidate) => candidate.customerId === request.signedInCustomerId && candidate.currencyCode === request.currency);
    const balance = account ? parseMinor(account.balance, account.currencyCode) : 0n;
    if (!account || balance === 0n) throw new OrderError(422, `You have no store credit in ${request.currency}.`);
    const amount = balance < due ? balance : due;
    if (amount > 0n) storeCredit = { accountId: account.id, amount, balanceBefore: balance };
    due -= amount;
  }
  return { giftCard, storeCredit, due };
}

/** The signed-in customer's spendable store credit in `currency` (0 when none). */
export function storeCreditBalance(state: Pick<DevstoreStateView, "storeCreditAccounts">, customerId: number | null, currency: string): bigint {
  if (customerId === null) return 0n;
  const account = state.storeCreditAccounts.find((candidate) => candidate.customerId === customerId && candidate.currencyCode === currency);
  return account ? parseMinor(account.balance, currency) : 0n;
}

export function describeAmount(amount: bigint, currency: string): string {
  return `${formatMinor(amount, currency)} ${currency}`;
}
