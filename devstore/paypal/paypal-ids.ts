import { randomBytes, randomUUID } from "node:crypto";

const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** PayPal-looking ids: payout_batch_id / payout_item_id (13), transaction_id (17), debug_id (13 hex). */
export function randomPaypalId(length = 13): string {
  const bytes = randomBytes(length);
  let id = "";
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length];
  return id;
}

export function randomDebugId(): string {
  return randomBytes(7).toString("hex").slice(0, 13);
}

export function randomWebhookEventId(): string {
  return `WH-${randomPaypalId(17)}-${randomPaypalId(17)}`;
}

export function randomTransmissionId(): string {
  return randomUUID();
}
