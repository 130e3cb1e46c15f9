/*
 * Small helpers the rules share to write their words and evidence the same way.
 */
import type { RiskEvidenceOrder, RiskFact, WindowOrder } from "../fraud-types";

/** 0.857 → "86 %". */
export function percent(share: number): string {
  return `${Math.round(share * 100)} %`;
}

/** (3, "order") → "3 orders"; (1, "order") → "1 order". */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? one : many}`;
}

/** A number with at most one decimal: 14.23 → "14.2", 6 → "6". */
export function oneDecimal(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? "∞" : "-∞";
  return (Math.round(value * 10) / 10).toLocaleString("en-US");
}

export const MAX_EVIDENCE_ORDERS = 50;

/** Window orders as evidence: newest first, at most 50, with a note each. */
export function evidenceOrders(orders: readonly WindowOrder[], note: (order: WindowOrder) => string): RiskEvidenceOrder[] {
  return [...orders]
    .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime())
    .slice(0, MAX_EVIDENCE_ORDERS)
    .map((order) => ({ orderId: order.orderId, name: order.name, placedAt: order.placedAt.toISOString(), note: note(order) }));
}

export function fact(label: string, value: string | number): RiskFact {
  return { label, value: typeof value === "number" ? value.toLocaleString("en-US") : value };
}

/** "Rotate code X: …" in the merchant's words. */
export function rotateCodeSuggestion(code: string): string {
  return `Rotate code ${code}: a new code in Shopify for the creator, the old one switched off.`;
}
