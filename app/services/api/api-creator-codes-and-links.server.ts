/**
 * A creator's discount codes and referral links for the public API, through the admin's own services: a code is
 * created in Shopify by createCreatorCode (same pattern, collision handling and compensation), a link by
 * createReferralLink.
 */
import type { z } from "zod";
import type { ApiCaller } from "../../api/authenticate-api-key.server";
import { ApiProblem, notFoundProblem, validationProblem } from "../../api/problem.server";
import type { createCodeBodySchema, createLinkBodySchema } from "../../api/schemas/code-link-schemas";
import type { Database } from "../../db.server";
import type { AdminGraphqlClient } from "../../shopify/admin-client.server";
import { createCreatorCode } from "../codes-links/create-creator-code.server";
import type { CodeDiscountSettings } from "../codes-links/creator-code-support.server";
import { loadCreatorCodesAndLinks, type CreatorCodesAndLinks, type CreatorCodeView } from "../codes-links/load-creator-codes-and-links.server";
import { createReferralLink } from "../codes-links/referral-links.server";

async function loadOrThrow(db: Database, caller: ApiCaller, creatorId: string): Promise<CreatorCodesAndLinks> {
  const shop = await db.shop.findUnique({ where: { shop: caller.shop }, select: { primaryDomainHost: true } });
  const loaded = await loadCreatorCodesAndLinks(db, caller.shop, creatorId, shop?.primaryDomainHost ?? caller.shop);
  if (loaded === null) throw notFoundProblem("creator", creatorId);
  return loaded;
}

/** The admin's code view without its display-only label. */
function serializeCode({ valueLabel: _label, ...code }: CreatorCodeView) {
  return code;
}

export async function listCreatorCodesViaApi(db: Database, caller: ApiCaller, creatorId: string) {
  return { data: (await loadOrThrow(db, caller, creatorId)).codes.map(serializeCode) };
}

export async function listCreatorLinksViaApi(db: Database, caller: ApiCaller, creatorId: string) {
  const loaded = await loadOrThrow(db, caller, creatorId);
  return { homeUrl: loaded.homeUrl, data: loaded.links };
}

/** A refusal without a field is Shopify's or the program's (a code it could not place): still the caller's to fix. */
function toProblem(errors: ReadonlyArray<{ field?: string; message: string }>): ApiProblem {
  const named = errors.filter((error) => error.field !== undefined).map((error) => ({ field: error.field ?? "", message: error.message }));
  const detail = errors.map((error) => error.message).join(" ");
  return named.length > 0 ? validationProblem(named) : new ApiProblem("validation_failed", detail);
}

export async function createCreatorCodeViaApi(
  deps: { db: Database; admin: AdminGraphqlClient },
  caller: ApiCaller,
  creatorId: string,
  body: z.output<typeof createCodeBodySchema>,
) {
  await loadOrThrow(deps.db, caller, creatorId);
  // A percentage always has a maximum (20 % unless the merchant chose another); a fixed amount has none until the
  // merchant sets one, and an API key must never mint an uncapped amount (a leaked key would print money).
  if (body.value?.type === "fixed_amount") {
    const settings = await deps.db.programSettings.findUnique({ where: { shop: caller.shop }, select: { maxCodeDiscountAmountMinor: true } });
    if (settings?.maxCodeDiscountAmountMinor == null) {
      throw validationProblem([{
        field: "value.amountMinor",
        message: "Fixed-amount codes can be created through the API only once the merchant sets \"Most a fixed-amount code may give\" in Affable's Settings. Use a percentage, or ask them to set it.",
      }]);
    }
  }
  const discount: Partial<CodeDiscountSettings> = {
    ...(body.value?.type === "percentage" ? { value: { type: "percentage", basisPoints: body.value.basisPoints } } : {}),
    ...(body.value?.type === "fixed_amount" ? { value: { type: "fixed_amount", amountMinor: BigInt(body.value.amountMinor) } } : {}),
    ...(body.usageLimit !== undefined ? { usageLimit: body.usageLimit } : {}),
    ...(body.oncePerCustomer !== undefined ? { oncePerCustomer: body.oncePerCustomer } : {}),
    ...(body.endsAt !== undefined ? { endsAt: body.endsAt === null ? null : new Date(body.endsAt) } : {}),
  };
  const result = await createCreatorCode(deps, { shop: caller.shop, creatorId, actor: caller.actor, ...(body.code ? { code: body.code } : {}), discount });
  // The admin form's "value" field is the body's value.basisPoints or value.amountMinor here.
  const valueField = body.value?.type === "fixed_amount" ? "value.amountMinor" : body.value?.type === "percentage" ? "value.basisPoints" : "value";
  if (!result.ok) throw toProblem(result.errors.map((error) => (error.field === "value" ? { ...error, field: valueField } : error)));
  const created = (await loadOrThrow(deps.db, caller, creatorId)).codes.find((code) => code.id === result.codeId);
  if (created === undefined) throw new Error(`Code ${result.codeId} was created but cannot be read back.`);
  return serializeCode(created);
}

export async function createCreatorLinkViaApi(db: Database, caller: ApiCaller, creatorId: string, body: z.output<typeof createLinkBodySchema>) {
  await loadOrThrow(db, caller, creatorId);
  const result = await createReferralLink(db, { shop: caller.shop, creatorId, actor: caller.actor, ...body });
  if (!result.ok) throw toProblem(result.errors);
  const created = (await loadOrThrow(db, caller, creatorId)).links.find((link) => link.id === result.linkId);
  if (created === undefined) throw new Error(`Link ${result.linkId} was created but cannot be read back.`);
  return created;
}
