import type { WebhookEventStatus } from "../generated/prisma/client";

/** Every status an inbox event can have, in the order the Sync health page shows them. Safe for the browser. */
export const WEBHOOK_EVENT_STATUSES: WebhookEventStatus[] = ["received", "processing", "processed", "failed", "ignored", "invalid"];
