import type { Prisma } from "../generated/prisma/client";

type AuditClient = Pick<Prisma.TransactionClient, "auditEvent">;

export interface AuditEventInput {
  shop: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason?: string | null;
  details?: Prisma.InputJsonValue;
}

/** Appends one audit row. Pass the transaction client so the event commits (or not) with the change it records. */
export function recordAuditEvent(db: AuditClient, event: AuditEventInput) {
  return db.auditEvent.create({
    data: {
      shop: event.shop,
      actor: event.actor,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      reason: event.reason ?? null,
      details: event.details ?? {},
    },
  });
}
