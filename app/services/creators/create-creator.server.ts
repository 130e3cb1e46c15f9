import { buildCreatorEventData } from "../../outbound-webhooks/creator-event-data";
import { enqueueOutboundEvent } from "../../outbound-webhooks/enqueue-outbound-event.server";
import { randomBytes } from "node:crypto";
import { parseCreatorFields, withHandleSuffix, type CreatorField, type FieldError, type RawCreatorFields } from "../../domain/creators";
import { draftToColumns, generateRefToken, readUniqueViolation } from "../../repositories/creator-repository.server";
import { followUpStatusChange, loadShopName, type CreatorNotice } from "./change-creator-status.server";
import type { CreatorServiceDeps } from "./creator-service-deps.server";

export const CREATABLE_STATUSES = ["invited", "approved"] as const;

export const DUPLICATE_MESSAGES = {
  email: "A creator with this email already exists. Find them in the creators list, or use another email.",
  handle: "A creator with this handle already exists. Choose another handle.",
} as const;

export type CreateCreatorResult =
  | { ok: true; creatorId: string; notices: CreatorNotice[] }
  | { ok: false; errors: FieldError[] };

/**
 * Adds a creator from the admin form. Uniqueness (email, handle) is decided by the insert itself: a P2002 comes
 * back as the field error, never a read-then-write race. A suggested handle that is taken gets a short suffix.
 * An invited creator gets the invitation email; one created approved gets the approval email (and code).
 */
export async function createCreator(
  deps: CreatorServiceDeps,
  input: { shop: string; actor: string; fields: RawCreatorFields; currency: string },
): Promise<CreateCreatorResult> {
  const parsed = parseCreatorFields(input.fields, input.currency);
  if (!parsed.ok) return parsed;
  const { draft } = parsed;
  if (!(CREATABLE_STATUSES as readonly string[]).includes(draft.status)) {
    return { ok: false, errors: [{ field: "status", message: "A new creator starts as invited or approved." }] };
  }
  const { db } = deps;
  let handle = draft.handle;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const creator = await db.$transaction(async (tx) => {
        const created = await tx.creator.create({
          data: {
            shop: input.shop,
            ...draftToColumns(draft),
            handle,
            status: draft.status,
            refToken: generateRefToken(),
            ...(draft.status === "approved" ? { approvedAt: new Date() } : {}),
          },
        });
        await tx.auditEvent.create({
          data: {
            shop: input.shop,
            actor: input.actor,
            action: "creator.created",
            subjectType: "creator",
            subjectId: created.id,
            details: { status: draft.status, source: "admin" },
          },
        });
        if (created.status === "approved") {
          await enqueueOutboundEvent(tx, { shop: input.shop, type: "creator.approved", data: buildCreatorEventData(created), now: created.approvedAt ?? new Date() });
        }
        return created;
      });
      const shopName = await loadShopName(db, input.shop);
      const notices = await followUpStatusChange(deps, { shop: input.shop, shopName, actor: input.actor, creator, to: creator.status });
      return { ok: true, creatorId: creator.id, notices };
    } catch (error) {
      const field = readUniqueViolation(error);
      if (field === null) throw error;
      if (field === "refToken" && attempt < 3) continue;
      if (field === "handle" && draft.handleSuggested && attempt < 3) {
        handle = withHandleSuffix(draft.handle, randomBytes(3).toString("hex").slice(0, 4));
        continue;
      }
      if (field === "refToken") throw error;
      const errorField: CreatorField = field;
      return { ok: false, errors: [{ field: errorField, message: DUPLICATE_MESSAGES[field] }] };
    }
  }
}
