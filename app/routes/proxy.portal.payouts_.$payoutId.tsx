/**
 * The statement of one payout in the creator portal (/apps/affable/portal/payouts/<id>, through the app proxy): the
 * commissions it paid, the clawbacks it deducted, the method and the references. Only the signed-in creator's own
 * payouts: any other id is "not found".
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "../db.server";
import { buildPortalHref, type PortalFrame } from "../portal/render-portal-layout";
import { renderPortalPayoutStatement } from "../portal/render-portal-payout-history";
import { renderPortalMessage } from "../portal/render-portal-sign-in";
import {
  identifyPortalVisitor,
  openPortalRequest,
  readPostedPortalSession,
  respondProgramUnavailable,
  respondToPortalVisitor,
} from "../services/portal/load-creator-portal-request.server";
import { loadPortalPayoutStatement } from "../services/portal/portal-payout-history.server";

async function serveStatement(request: Request, payoutId: string): Promise<Response> {
  const portal = await openPortalRequest(request);
  const shop = portal.portalShop;
  if (!shop) return respondProgramUnavailable(portal);
  const identity = await identifyPortalVisitor(portal, await readPostedPortalSession(request));
  return respondToPortalVisitor(portal, identity, async ({ creator, via }) => {
    const frame: PortalFrame = { ...portal.frame, signedIn: via };
    const statement = /^[A-Za-z0-9_-]{1,64}$/.test(payoutId) ? await loadPortalPayoutStatement(db, shop, creator, payoutId) : null;
    if (!statement) {
      return portal.respond(
        renderPortalMessage(frame, {
          title: "Payout not found",
          message: "There is no such payout in your account. Your payouts page lists every payout made to you.",
          link: { href: buildPortalHref(frame, "payouts"), label: "Go to your payouts" },
        }),
        404,
      );
    }
    return renderPortalPayoutStatement(frame, { creatorName: creator.name, ...statement });
  });
}

export const loader = ({ request, params }: LoaderFunctionArgs) => serveStatement(request, params.payoutId ?? "");
/** The same page asked for by the portal's script, with the email sign-in session in the POST body. */
export const action = ({ request, params }: ActionFunctionArgs) => serveStatement(request, params.payoutId ?? "");
