/**
 * The portal's tax details page as a view model, and its submission (a W-9 or a W-8BEN): field errors before
 * anything is stored; a valid form is saved with its TIN sealed and supersedes the one in force.
 */
import db from "../../db.server";
import { formatShopDate } from "../../domain/reporting/format-shop-date";
import type { FieldError } from "../../portal/render-portal-form-fields";
import type { PortalFrame } from "../../portal/render-portal-layout";
import { renderPortalTax, type PortalTaxView } from "../../portal/render-portal-tax";
import { lastFour } from "../../security/secret-box.server";
import type { PortalCreator } from "../portal/creator-portal-auth.server";
import type { PortalShop } from "../portal/load-creator-portal.server";
import { issuePortalFormToken } from "../portal/portal-form-token.server";
import type { PortalSubmission } from "../portal/serve-portal-form.server";
import { COUNTRIES, parseTaxForm, W8BEN_CERTIFICATION, W9_CERTIFICATION, W9_CLASSIFICATIONS } from "./parse-tax-form";
import { loadCurrentTaxForm, saveCreatorTaxForm } from "./save-creator-tax-form.server";

const TIN_LABELS: Record<string, string> = { ssn: "SSN", ein: "EIN", itin: "ITIN", foreign_tin: "Foreign TIN" };
/** Fields never sent back to the browser after a refused submission. */
const NEVER_ECHOED = new Set(["tin", "foreign_tin", "form_token", "portal_session", "intent"]);

interface TaxPageInput {
  shop: PortalShop;
  creator: PortalCreator;
  now: Date;
  secret: string;
  notice?: string | null;
  refused?: { kind: "w9" | "w8ben"; values: Record<string, string>; errors: FieldError[] } | null;
}

export async function loadPortalTaxView(input: TaxPageInput): Promise<PortalTaxView> {
  const { shop, creator, now } = input;
  const current = await loadCurrentTaxForm(db, shop.shop, creator.id);
  return {
    creatorName: creator.name,
    formToken: issuePortalFormToken(input.secret, { shop: shop.shop, creatorId: creator.id, now }),
    current: current
      ? {
          kindLabel: current.kind === "w9" ? "Form W-9" : "Form W-8BEN",
          legalName: current.legalName,
          tinText: current.tinLast4 ? `${TIN_LABELS[current.tinType] ?? "TIN"} ${lastFour(`00000${current.tinLast4}`)}` : "none given (reason on the form)",
          signatureName: current.signatureName,
          signedText: formatShopDate(current.signedAt, shop.timeZone),
        }
      : null,
    notice: input.notice ?? null,
    refused: input.refused?.kind ?? null,
    values: input.refused ? Object.fromEntries(Object.entries(input.refused.values).filter(([key]) => !NEVER_ECHOED.has(key))) : {},
    errors: input.refused?.errors ?? [],
    classifications: W9_CLASSIFICATIONS,
    countries: COUNTRIES.map((country) => ({ value: country.code, label: country.name })),
    w9Certification: W9_CERTIFICATION,
    w8benCertification: W8BEN_CERTIFICATION,
    todayText: formatShopDate(now, shop.timeZone),
  };
}

export async function renderTaxPage(frame: PortalFrame, input: TaxPageInput): Promise<string> {
  return renderPortalTax(frame, await loadPortalTaxView(input));
}

export async function submitTaxForm(submission: PortalSubmission): Promise<Response> {
  const { portal, shop, creator, frame, fields } = submission;
  const base = { shop, creator, now: portal.now, secret: portal.deps.secret };
  const kind = fields.intent === "w9" ? "w9" : "w8ben";
  const parsed = parseTaxForm(fields.intent ?? "", fields);
  if (!parsed.ok) {
    const errors = [...parsed.errors];
    if ((fields.tin || fields.foreign_tin) && !errors.some((error) => error.field === "tin" || error.field === "foreign_tin")) {
      errors.push({ field: kind === "w9" ? "tin" : "foreign_tin", message: "For your safety the number you typed was not kept: type it again." });
    }
    return portal.respond(await renderTaxPage(frame, { ...base, refused: { kind, values: fields, errors } }), 422);
  }
  await saveCreatorTaxForm(db, { shop: shop.shop, creatorId: creator.id, form: parsed.form, now: portal.now });
  const notice = `Thank you: your ${parsed.form.kind === "w9" ? "W-9" : "W-8BEN"} is signed and stored. It replaces any form you submitted before.`;
  return portal.respond(await renderTaxPage(frame, { ...base, notice }));
}
