import { parseCreatorFields, type FieldError, type RawCreatorFields } from "../../domain/creators";
import { draftToColumns, readUniqueViolation } from "../../repositories/creator-repository.server";
import { changeCreatorStatus, type CreatorNotice } from "./change-creator-status.server";
import { DUPLICATE_MESSAGES } from "./create-creator.server";
import type { CreatorServiceDeps } from "./creator-service-deps.server";

export type UpdateCreatorResult =
  | { ok: true; notices: CreatorNotice[]; statusMessage: string | null }
  | { ok: false; errors: Array<FieldError | { field: "reason"; message: string }> };

/**
 * Saves the form's fields (never the ref token), then, when the status changed, moves it through the
 * transition table with the reason given. A refused status change is reported on the status field.
 */
export async function updateCreator(
  deps: CreatorServiceDeps,
  input: {
    shop: string;
    actor: string;
    creatorId: string;
    fields: RawCreatorFields;
    reason?: string | null;
    currency: string;
    /** See changeCreatorStatus: pausing/rejecting switches the creator's codes off in Shopify (default true). */
    syncCodes?: boolean;
  },
): Promise<UpdateCreatorResult | null> {
  const { db } = deps;
  const current = await db.creator.findUnique({ where: { shop_id: { shop: input.shop, id: input.creatorId } } });
  if (current === null) return null;
  const parsed = parseCreatorFields({ ...input.fields, handle: input.fields.handle || current.handle }, input.currency);
  if (!parsed.ok) return parsed;
  const { draft } = parsed;
  try {
    await db.$transaction(async (tx) => {
      await tx.creator.update({ where: { shop_id: { shop: input.shop, id: input.creatorId } }, data: draftToColumns(draft) });
      await tx.auditEvent.create({
        data: { shop: input.shop, actor: input.actor, action: "creator.updated", subjectType: "creator", subjectId: current.id },
      });
    });
  } catch (error) {
    const field = readUniqueViolation(error);
    if (field === "email" || field === "handle") return { ok: false, errors: [{ field, message: DUPLICATE_MESSAGES[field] }] };
    throw error;
  }
  const notices = draft.name === current.name ? [] : await retitleCodes(deps, { shop: input.shop, creatorId: current.id, actor: input.actor, name: draft.name });
  if (draft.status === current.status) return { ok: true, notices, statusMessage: null };
  const change = await changeCreatorStatus(deps, {
    shop: input.shop,
    actor: input.actor,
    creatorIds: [current.id],
    to: draft.status,
    reason: input.reason ?? null,
    ...(input.syncCodes === undefined ? {} : { syncCodes: input.syncCodes }),
  });
  if (!change.ok) return { ok: false, errors: change.errors.map((error) => ({ field: "reason" as const, message: error.message })) };
  const refusal = change.refused[0];
  if (refusal) return { ok: false, errors: [{ field: "status", message: `Details saved, but the status did not change: ${refusal.message}` }] };
  return { ok: true, notices: [...notices, ...change.notices], statusMessage: `Status changed to ${draft.status}.` };
}

/** The discounts' titles name the creator ("Affable · <name>"): a rename follows them into Shopify. */
async function retitleCodes(deps: CreatorServiceDeps, input: { shop: string; creatorId: string; actor: string; name: string }): Promise<CreatorNotice[]> {
  if (!deps.shopifyCodes) return [];
  const outcome = await deps.shopifyCodes.retitle(input).catch((error: unknown) => ({
    changed: [],
    failures: [{ code: "(all codes)", message: error instanceof Error ? error.message : String(error) }],
  }));
  return outcome.failures.map((failure) => ({
    creatorId: input.creatorId,
    kind: "code" as const,
    message: `The discount ${failure.code} in Shopify still shows the old name: ${failure.message} Change its title in Shopify › Discounts.`,
  }));
}
