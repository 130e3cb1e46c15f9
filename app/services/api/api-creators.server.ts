/**
 * The public API's creator use cases. Writes go through the admin's own services (createCreator, updateCreator,
 * changeCreatorStatus), so validation, uniqueness, emails and code-on-approval are identical; this file only maps
 * JSON to those services' fields and back.
 */
import type { z } from "zod";
import type { ApiCaller } from "../../api/authenticate-api-key.server";
import { afterCursorWhere, decodeCursor, NEWEST_FIRST, toPage } from "../../api/paginate.server";
import { notFoundProblem, validationProblem, type ProblemFieldError } from "../../api/problem.server";
import type { createCreatorBodySchema, creatorSchema, listCreatorsQuerySchema, updateCreatorBodySchema } from "../../api/schemas/creator-schemas";
import { toJsonMinor } from "../../api/serialize-money";
import type { Database } from "../../db.server";
import type { CreatorField, RawCreatorFields, SocialHandles } from "../../domain/creators";
import { createMoney, formatDecimalAmount } from "../../domain/money";
import type { Creator } from "../../generated/prisma/client";
import { createCreator } from "../creators/create-creator.server";
import type { CreatorNotice } from "../creators/change-creator-status.server";
import type { CreatorServiceDeps } from "../creators/creator-service-deps.server";
import { updateCreator } from "../creators/update-creator.server";

type CreatorBody = z.output<typeof createCreatorBodySchema>;
type CreatorPatch = z.output<typeof updateCreatorBodySchema>;
type CreatorJson = z.input<typeof creatorSchema>;

/** The admin form's field names in the API's words, so a 422 names the field the caller actually sent. */
const API_FIELD_NAMES: Record<CreatorField, string> = {
  name: "name",
  email: "email",
  handle: "handle",
  instagram: "socialHandles.instagram",
  tiktok: "socialHandles.tiktok",
  youtube: "socialHandles.youtube",
  x: "socialHandles.x",
  website: "socialHandles.website",
  payoutEmail: "payoutEmail",
  notes: "notes",
  status: "status",
  commissionType: "commission.type",
  commissionPercent: "commission.basisPoints",
  commissionFlat: "commission.amountMinor",
  // Not in the API (yet): the admin form and the application form set them; a patch leaves them as they are.
  phone: "phone",
  addressLine1: "shippingAddress.line1",
  addressLine2: "shippingAddress.line2",
  addressCity: "shippingAddress.city",
  addressRegion: "shippingAddress.region",
  addressPostalCode: "shippingAddress.postalCode",
  addressCountry: "shippingAddress.country",
};

/** A creator as the API shows it; a flat override is stored in the shop currency, which the JSON names. */
export function serializeCreator(creator: Creator, currency: string): CreatorJson {
  const social = (creator.socialHandles ?? {}) as SocialHandles;
  return {
    id: creator.id,
    handle: creator.handle,
    name: creator.name,
    email: creator.email,
    payoutEmail: creator.payoutEmail,
    socialHandles: social,
    notes: creator.notes,
    status: creator.status,
    refToken: creator.refToken,
    commission: serializeOverride(creator, currency),
    createdAt: creator.createdAt.toISOString(),
    updatedAt: creator.updatedAt.toISOString(),
    approvedAt: creator.approvedAt?.toISOString() ?? null,
  };
}

function serializeOverride(creator: Creator, currency: string): CreatorJson["commission"] {
  if (creator.commissionOverrideType === "percentage") return { type: "percentage", basisPoints: creator.commissionOverrideBasisPoints ?? 0 };
  if (creator.commissionOverrideType === "flat") {
    return { type: "flat", amountMinor: toJsonMinor(creator.commissionOverrideFlatMinor ?? 0n), currency };
  }
  return { type: "none" };
}

/** 1250 basis points → "12.50", the admin form's percent text (integer math: no float on a rate). */
function toPercentText(basisPoints: number): string {
  return `${Math.trunc(basisPoints / 100)}.${String(basisPoints % 100).padStart(2, "0")}`;
}

function toCommissionFields(commission: CreatorBody["commission"], currency: string): Partial<RawCreatorFields> {
  if (commission === undefined) return {};
  if (commission.type === "percentage") return { commissionType: "percentage", commissionPercent: toPercentText(commission.basisPoints), commissionFlat: "" };
  if (commission.type === "flat") {
    return { commissionType: "flat", commissionPercent: "", commissionFlat: formatDecimalAmount(createMoney(BigInt(commission.amountMinor), currency)) };
  }
  return { commissionType: "none", commissionPercent: "", commissionFlat: "" };
}

function toRawFields(body: Omit<CreatorPatch, "reason">, currency: string): RawCreatorFields {
  const fields: RawCreatorFields = {
    name: body.name,
    email: body.email,
    handle: body.handle,
    status: body.status,
    ...(body.payoutEmail !== undefined ? { payoutEmail: body.payoutEmail ?? "" } : {}),
    ...(body.notes !== undefined ? { notes: body.notes ?? "" } : {}),
    ...(body.socialHandles !== undefined
      ? {
          instagram: body.socialHandles.instagram ?? "",
          tiktok: body.socialHandles.tiktok ?? "",
          youtube: body.socialHandles.youtube ?? "",
          x: body.socialHandles.x ?? "",
          website: body.socialHandles.website ?? "",
        }
      : {}),
    ...toCommissionFields(body.commission, currency),
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as RawCreatorFields;
}

/** A stored creator as the admin form's fields, so a PATCH changes only what it names. */
function toStoredFields(creator: Creator, currency: string): RawCreatorFields {
  const social = (creator.socialHandles ?? {}) as SocialHandles;
  const override = serializeOverride(creator, currency);
  return {
    name: creator.name,
    email: creator.email,
    handle: creator.handle,
    status: creator.status,
    payoutEmail: creator.payoutEmail ?? "",
    notes: creator.notes ?? "",
    instagram: social.instagram ?? "",
    tiktok: social.tiktok ?? "",
    youtube: social.youtube ?? "",
    x: social.x ?? "",
    website: social.website ?? "",
    ...toCommissionFields(override.type === "flat" ? { type: "flat", amountMinor: override.amountMinor } : override, currency),
  };
}

function toProblemErrors(errors: ReadonlyArray<{ field: string; message: string }>): ProblemFieldError[] {
  return errors.map((error) => ({ field: API_FIELD_NAMES[error.field as CreatorField] ?? error.field, message: error.message }));
}

function toNotices(notices: CreatorNotice[]) {
  return notices.map((notice) => ({ kind: notice.kind, message: notice.message }));
}

export async function loadCreatorOrThrow(db: Database, shop: string, id: string): Promise<Creator> {
  const creator = await db.creator.findUnique({ where: { shop_id: { shop, id } } });
  if (creator === null) throw notFoundProblem("creator", id);
  return creator;
}

export async function createCreatorViaApi(deps: CreatorServiceDeps, caller: ApiCaller, body: CreatorBody) {
  const result = await createCreator(deps, { shop: caller.shop, actor: caller.actor, fields: toRawFields(body, caller.currency), currency: caller.currency });
  if (!result.ok) throw validationProblem(toProblemErrors(result.errors));
  const creator = await loadCreatorOrThrow(deps.db, caller.shop, result.creatorId);
  return { ...serializeCreator(creator, caller.currency), notices: toNotices(result.notices) };
}

export async function updateCreatorViaApi(deps: CreatorServiceDeps, caller: ApiCaller, creatorId: string, patch: CreatorPatch) {
  const current = await loadCreatorOrThrow(deps.db, caller.shop, creatorId);
  const { reason, ...changes } = patch;
  const fields = { ...toStoredFields(current, caller.currency), ...toRawFields(changes, caller.currency) };
  const result = await updateCreator(deps, { shop: caller.shop, actor: caller.actor, creatorId, fields, reason: reason ?? null, currency: caller.currency });
  if (result === null) throw notFoundProblem("creator", creatorId);
  if (!result.ok) throw validationProblem(toProblemErrors(result.errors));
  const creator = await loadCreatorOrThrow(deps.db, caller.shop, creatorId);
  return { ...serializeCreator(creator, caller.currency), notices: toNotices(result.notices) };
}

export async function loadCreatorViaApi(db: Database, caller: ApiCaller, creatorId: string) {
  return serializeCreator(await loadCreatorOrThrow(db, caller.shop, creatorId), caller.currency);
}

export async function listCreatorsViaApi(db: Database, caller: ApiCaller, query: z.output<typeof listCreatorsQuerySchema>) {
  const rows = await db.creator.findMany({
    where: {
      shop: caller.shop,
      ...(query.status ? { status: query.status } : {}),
      ...(query.email ? { email: query.email.trim().toLowerCase() } : {}),
      ...afterCursorWhere(decodeCursor(query.cursor)),
    },
    orderBy: NEWEST_FIRST,
    take: query.limit + 1,
  });
  return toPage(rows, query.limit, (row) => serializeCreator(row, caller.currency));
}
