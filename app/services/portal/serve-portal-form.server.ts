/**
 * The portal pages with a form that changes something (payout details, tax form). GET and the portal script's
 * session POST show the page (as every portal page); a POST with `intent` is a submission: the visitor must be a
 * signed-in creator and the form's token must be theirs (portal-form-token.server.ts) before `submit` runs.
 */
import type { PortalFrame, PortalPage } from "../../portal/render-portal-layout";
import { buildPortalHref } from "../../portal/render-portal-layout";
import { renderPortalMessage } from "../../portal/render-portal-sign-in";
import type { PortalCreator } from "./creator-portal-auth.server";
import type { PortalShop } from "./load-creator-portal.server";
import {
  identifyPortalVisitor,
  openPortalRequest,
  renderCreatorPage,
  respondProgramUnavailable,
  respondToPortalVisitor,
  type PortalRequest,
} from "./load-creator-portal-request.server";
import { checkPortalFormToken } from "./portal-form-token.server";

export interface PortalSubmission {
  portal: PortalRequest;
  shop: PortalShop;
  creator: PortalCreator;
  via: "customer" | "session";
  /** The frame a signed-in creator's page is drawn in. */
  frame: PortalFrame;
  fields: Record<string, string>;
}

const MAX_FIELD_LENGTH = 2_000;

/** The posted form's text fields (url-encoded or multipart); nothing for a GET or another body. */
async function readFormFields(request: Request): Promise<Record<string, string>> {
  if (request.method !== "POST") return {};
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.includes("application/x-www-form-urlencoded") && !type.includes("multipart/form-data")) return {};
  const fields: Record<string, string> = {};
  for (const [key, value] of await request.formData()) {
    if (typeof value === "string" && !(key in fields)) fields[key] = value.slice(0, MAX_FIELD_LENGTH);
  }
  return fields;
}

export async function servePortalForm(request: Request, page: PortalPage, submit: (submission: PortalSubmission) => Promise<Response>): Promise<Response> {
  const portal = await openPortalRequest(request);
  const shop = portal.portalShop;
  if (!shop) return respondProgramUnavailable(portal);
  const fields = await readFormFields(request);
  const session = fields.portal_session && fields.portal_session.length <= 200 ? fields.portal_session : null;
  const identity = await identifyPortalVisitor(portal, session);
  return respondToPortalVisitor(portal, identity, async (signedIn) => {
    if (!fields.intent) return renderCreatorPage(portal, shop, signedIn, page);
    const frame: PortalFrame = { ...portal.frame, signedIn: signedIn.via };
    const tokenOk = checkPortalFormToken(portal.deps.secret, { shop: shop.shop, creatorId: signedIn.creator.id, now: portal.now, token: fields.form_token ?? "" });
    if (!tokenOk) {
      return portal.respond(
        renderPortalMessage(frame, {
          title: "This form has expired",
          message: "Nothing was saved: the page was open too long, or the form did not come from this portal. Open the page again and save once more.",
          link: { href: buildPortalHref(frame, page), label: "Open the page again" },
        }),
        403,
      );
    }
    return submit({ portal, shop, creator: signedIn.creator, via: signedIn.via, frame, fields });
  });
}
