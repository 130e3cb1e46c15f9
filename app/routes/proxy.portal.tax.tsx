/**
 * The creator portal's tax details page (/apps/affable/portal/tax, through the app proxy): a W-9 (US persons) or a
 * W-8BEN (everyone else), signed with a typed name; the TIN is stored encrypted and shown by its last 4 only.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { servePortalPage } from "../services/portal/load-creator-portal-request.server";
import { servePortalForm } from "../services/portal/serve-portal-form.server";
import { submitTaxForm } from "../services/tax/portal-tax-page.server";

export const loader = ({ request }: LoaderFunctionArgs) => servePortalPage(request, "tax");
/** The page asked for by the portal's script (session in the body), or a form signed (intent=w9 or w8ben). */
export const action = ({ request }: ActionFunctionArgs) => servePortalForm(request, "tax", submitTaxForm);
