/**
 * The chaos switch: Shopify may deliver a webhook twice, late, or out of order, and the app must cope. Tests and the
 * demo turn these on for one topic or for all, through `POST /__devstore/webhooks/chaos`.
 */
import { z } from "zod";

export const chaosRequestSchema = z.object({
  /** Only this topic (e.g. "orders/paid"); omitted, every topic. */
  topic: z.string().min(1).optional(),
  /** Chance (0..1) that a delivery is sent a second time with the same webhook id and event id. */
  duplicate: z.number().min(0).max(1).optional(),
  /** Hold each delivery this long before its first try. */
  delayMs: z.number().int().min(0).max(600_000).optional(),
  /** Buffer this many deliveries, then send them shuffled (a partial batch goes out after a short wait). */
  reorderWindow: z.number().int().min(0).max(100).optional(),
  /** Makes duplicates and shuffles repeatable. */
  seed: z.number().int().optional(),
});
export type ChaosRequest = z.infer<typeof chaosRequestSchema>;

export interface ChaosSettings {
  duplicate: number;
  delayMs: number;
  reorderWindow: number;
}

export const NO_CHAOS: ChaosSettings = { duplicate: 0, delayMs: 0, reorderWindow: 0 };

export function isCalm(settings: ChaosSettings): boolean {
  return settings.duplicate === 0 && settings.delayMs === 0 && settings.reorderWindow <= 1;
}
