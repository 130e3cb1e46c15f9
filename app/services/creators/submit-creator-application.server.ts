import { buildCreatorEventData } from "../../outbound-webhooks/creator-event-data";
import { enqueueOutboundEvent } from "../../outbound-webhooks/enqueue-outbound-event.server";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Database } from "../../db.server";
import { parseCreatorFields, withHandleSuffix, type FieldError, type RawCreatorFields } from "../../domain/creators";
import { draftToColumns, generateRefToken, readUniqueViolation } from "../../repositories/creator-repository.server";

export const applicationAnswersSchema = z.record(z.string().max(100), z.string().max(5000)).default({});

export interface CreatorApplicationInput {
  fields: Omit<RawCreatorFields, "status" | "commissionType" | "commissionPercent" | "commissionFlat">;
  /** What the applicant told us: audience, channels, why they fit. Question → answer. */
  answers?: Record<string, string>;
}

export type SubmitApplicationResult =
  | { ok: true; creatorId: string; applicationId: string; alreadyApplied: boolean }
  /** emailTaken: the email belongs to a creator who did not apply (added or invited); the storefront must not say so. */
  | { ok: false; errors: Array<FieldError | { field: "answers"; message: string }>; emailTaken?: true };

/**
 * A creator applies (storefront form, API). Creates the creator as `applied` with a pending application in one
 * transaction. Idempotent on (shop, email): the insert decides; a second submission with the same email creates
 * nothing and returns the creator and their latest application.
 */
export async function submitCreatorApplication(
  db: Database,
  shop: string,
  input: CreatorApplicationInput,
): Promise<SubmitApplicationResult> {
  const answers = applicationAnswersSchema.safeParse(input.answers ?? {});
  if (!answers.success) {
    return { ok: false, errors: [{ field: "answers", message: "Keep each answer under 5,000 characters." }] };
  }
  // Commission is the merchant's decision, never the applicant's: only profile fields are read.
  const parsed = parseCreatorFields({ ...input.fields, status: "applied" }, "USD");
  if (!parsed.ok) return parsed;
  const { draft } = parsed;
  let handle = draft.handle;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await db.$transaction(async (tx) => {
        const creator = await tx.creator.create({
          data: { shop, ...draftToColumns(draft), handle, status: "applied", refToken: generateRefToken() },
        });
        const application = await tx.creatorApplication.create({
          data: { shop, creatorId: creator.id, answers: answers.data },
        });
        await tx.auditEvent.create({
          data: { shop, actor: "system", action: "creator.applied", subjectType: "creator", subjectId: creator.id, details: { applicationId: application.id } },
        });
        await enqueueOutboundEvent(tx, { shop, type: "creator.applied", data: { ...buildCreatorEventData(creator), applicationId: application.id }, now: new Date() });
        return { ok: true as const, creatorId: creator.id, applicationId: application.id, alreadyApplied: false };
      });
    } catch (error) {
      const field = readUniqueViolation(error);
      if (field === "email") {
        const existing = await db.creator.findUnique({
          where: { shop_email: { shop, email: draft.email } },
          include: { applications: { orderBy: { createdAt: "desc" }, take: 1 } },
        });
        const application = existing?.applications[0];
        if (existing && application) {
          return { ok: true, creatorId: existing.id, applicationId: application.id, alreadyApplied: true };
        }
        return { ok: false, emailTaken: true, errors: [{ field: "email", message: "This email is already registered with the program. Contact the shop if you need help." }] };
      }
      if ((field === "handle" && draft.handleSuggested) || field === "refToken") {
        if (attempt < 3) {
          if (field === "handle") handle = withHandleSuffix(draft.handle, randomBytes(3).toString("hex").slice(0, 4));
          continue;
        }
      }
      if (field === "handle") return { ok: false, errors: [{ field: "handle", message: "This handle is taken. Choose another one." }] };
      throw error;
    }
  }
}
