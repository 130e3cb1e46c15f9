/**
 * The order page's "Re-check": runs the order rules on the order again (recheckOrderRisk, idempotent) and says
 * what they concluded. Only orders of this shop; an order without a creator has nothing to check.
 */
import { z } from "zod";
import type { Database } from "../../db.server";
import { recheckOrderRisk } from "./check-order-risk.server";

const formSchema = z.object({ intent: z.literal("recheck_risk", { error: "Choose “Re-check” on the order page, then try again." }) });

export type RecheckAnswer = { status: number; body: { ok: boolean; message: string } };

export async function recheckOrderFromPage(db: Database, input: { shop: string; orderId: string; form: Record<string, unknown>; now: Date }): Promise<RecheckAnswer> {
  const parsed = formSchema.safeParse(input.form);
  if (!parsed.success) return { status: 400, body: { ok: false, message: parsed.error.issues[0]?.message ?? "Reload the page and try again." } };
  const order = await db.attributedOrder.findFirst({ where: { shop: input.shop, id: input.orderId }, select: { shopifyOrderId: true, creatorId: true } });
  if (order === null) return { status: 404, body: { ok: false, message: "Affable has no such order for your store. Open Orders and pick the order again." } };
  if (order.creatorId === null) return { status: 409, body: { ok: false, message: "This order has no creator, so there is nothing for the fraud rules to check." } };
  await recheckOrderRisk(db, { shop: input.shop, shopifyOrderId: order.shopifyOrderId, now: input.now });
  const checks = await db.orderRiskCheck.findMany({ where: { shop: input.shop, shopifyOrderId: order.shopifyOrderId }, select: { verdict: true } });
  const flagged = checks.filter((check) => check.verdict === "flag").length;
  const failed = checks.filter((check) => check.verdict === "error").length;
  const words = [`Re-checked: ${checks.length} rule${checks.length === 1 ? "" : "s"} ran`];
  if (flagged > 0) words.push(`${flagged} flagged it (see the Risk queue)`);
  if (failed > 0) words.push(`${failed} failed (the order is unaffected)`);
  return { status: 200, body: { ok: true, message: `${words.join(", ")}.` } };
}
