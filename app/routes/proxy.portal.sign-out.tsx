/**
 * "Sign out" and "Sign out everywhere" for an email sign-in (POST /apps/affable/portal/sign-out, through the app
 * proxy): the portal's script posts the session it keeps and forgets it; the server revokes that session, or every
 * session of its creator (scope=everywhere). Store customers sign out of the store's account instead.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { renderPortalSignIn } from "../portal/render-portal-sign-in";
import { revokePortalSession } from "../services/portal/creator-portal-sessions.server";
import { openPortalRequest, respondProgramUnavailable } from "../services/portal/load-creator-portal-request.server";

const formSchema = z.object({
  portal_session: z.string().max(200).optional(),
  scope: z.enum(["this", "everywhere"]).default("this"),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  return portal.respond(renderPortalSignIn(portal.frame, { notice: null, email: "" }));
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const portal = await openPortalRequest(request);
  if (!portal.portalShop) return respondProgramUnavailable(portal);
  const form = formSchema.safeParse(Object.fromEntries([...(await request.formData())].filter(([, value]) => typeof value === "string")));
  if (!form.success) {
    return portal.respond(renderPortalSignIn(portal.frame, { notice: "Sign out with the portal's Sign out button (scope must be this or everywhere).", email: "" }), 400);
  }
  const everywhere = form.data.scope === "everywhere";
  if (form.data.portal_session) await revokePortalSession(portal.deps, { shop: portal.shop, sessionId: form.data.portal_session, everywhere });
  return portal.respond(
    renderPortalSignIn(portal.frame, { notice: everywhere ? "You are signed out on every device." : "You are signed out.", email: "" }),
  );
};
