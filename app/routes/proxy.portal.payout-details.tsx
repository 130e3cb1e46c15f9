/**
 * The creator portal's payout details page (/apps/affable/portal/payout-details, through the app proxy): choose PayPal,
 * bank transfer, store credit or a gift card. Saving emails a confirmation link; nothing changes until it is opened.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { servePortalPage } from "../services/portal/load-creator-portal-request.server";
import { submitPayoutDetails } from "../services/portal/payout-details-page.server";
import { servePortalForm } from "../services/portal/serve-portal-form.server";

export const loader = ({ request }: LoaderFunctionArgs) => servePortalPage(request, "payout-details");
/** The page asked for by the portal's script (session in the body), or the form saved (intent=save). */
export const action = ({ request }: ActionFunctionArgs) => servePortalForm(request, "payout-details", submitPayoutDetails);
