/**
 * The public creator application form on the storefront (/apps/affable/apply, through the app proxy). Applications
 * land in the merchant's review queue (Creators › Applications) through submitCreatorApplication.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "../db.server";
import { APPLICATION_FIELDS, renderApplicationForm } from "../portal/render-application-form";
import { renderPortalMessage } from "../portal/render-portal-sign-in";
import { openPortalRequest, respondProgramUnavailable } from "../services/portal/load-creator-portal-request.server";
import { describeWait, readVisitorNetwork, takeStorefrontLimit } from "../services/portal/storefront-rate-limits.server";
import { submitCreatorApplication } from "../services/creators/submit-creator-application.server";

const text = (max: number) => z.string().trim().max(max, `Keep it under ${max} characters.`).optional();
const applicationSchema = z.object({
  name: text(200),
  email: text(320),
  instagram: text(200),
  tiktok: text(200),
  youtube: text(200),
  website: text(500),
  phone: text(40),
  addressLine1: text(200),
  addressLine2: text(200),
  addressCity: text(120),
  addressRegion: text(120),
  addressPostalCode: text(20),
  addressCountry: text(60),
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
  const tooMany = (wait: number) =>
    portal.respond(
      renderApplicationForm(portal.frame, { values, errors: [{ field: "", message: `Too many applications from here. Wait ${describeWait(wait)}, then send it again.` }] }),
      429,
      { "Retry-After": String(wait) },
    );
  const networkWait = takeStorefrontLimit("applyPerIp", portal.shop, readVisitorNetwork(request), portal.now);
  if (networkWait > 0) return tooMany(networkWait);
  const form = applicationSchema.safeParse(values);
  if (!form.success) {
    const errors = form.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ""), message: issue.message }));
    return portal.respond(renderApplicationForm(portal.frame, { values, errors }), 422);
  }
  // Any address alike, so being limited says nothing about whether it is a creator's.
  const addressWait = form.data.email ? takeStorefrontLimit("applyPerEmail", portal.shop, form.data.email, portal.now) : 0;
  if (addressWait > 0) return tooMany(addressWait);
  const { audience, ...profile } = form.data;
  const fields = Object.fromEntries(APPLICATION_FIELDS.map(({ name }) => [name, profile[name]]));
  const result = await submitCreatorApplication(db, portal.shop, { fields, answers: audience ? { audience } : {} });
  // An address that already applied, or already belongs to a creator, gets the same answer as a new one: the form
  // must not tell a stranger who is a creator here.
  if (!result.ok && !result.emailTaken) return portal.respond(renderApplicationForm(portal.frame, { values, errors: result.errors }), 422);
  return portal.respond(
    renderPortalMessage(portal.frame, {
      title: "Application received",
      message: `Thanks for applying to the ${portal.portalShop.name} creator program! The shop will review it and email you.`,
    }),
  );
};
