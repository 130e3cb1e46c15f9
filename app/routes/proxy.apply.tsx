/**
 * The public creator application form on the storefront (/apps/affable/apply, through the app proxy). Applications
 * land in the merchant's review queue (Creators › Applications) through submitCreatorApplication.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { APPLICATION_FIELDS, renderApplicationForm } from "../portal/render-application-form";
import { renderPortalMessage } from "../portal/render-portal-sign-in";
import { openPortalRequest, respondProgramUnavailable } from "../services/load-creator-portal-request.server";
import { submitCreatorApplication } from "../services/submit-creator-application.server";

const text = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`).optional();
const applicationSchema = z.object({
  name: text(200),
  email: text(320),
  instagram: text(200),
  tiktok: text(200),
  youtube: text(200),
  website: text(500),
  audience: text(5000),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  return portal.respond(renderApplicationForm(portal.frame, { values: {}, errors: [] }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  const raw = Object.fromEntries([...(await request.formData())].filter(([, value]) => typeof value === "string"));
  const values = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, String(value)]));
  const form = applicationSchema.safeParse(values);
  if (!form.success) {
    const errors = form.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ""), message: issue.message }));
    return portal.respond(renderApplicationForm(portal.frame, { values, errors }), 422);
  }
  const { audience, ...profile } = form.data;
  const fields = Object.fromEntries(APPLICATION_FIELDS.map(({ name }) => [name, profile[name]]));
  const result = await submitCreatorApplication(db, portal.shop, { fields, answers: audience ? { audience } : {} });
  if (!result.ok) return portal.respond(renderApplicationForm(portal.frame, { values, errors: result.errors }), 422);
  return portal.respond(
    renderPortalMessage(portal.frame, {
      title: "Application received",
      message: result.alreadyApplied
        ? "You have already applied with this email. The shop will email you when your application is decided."
        : `Thanks for applying to the ${portal.portalShop.name} creator program! The shop will review it and email you.`,
    }),
  );
};
