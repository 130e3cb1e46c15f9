/** The creator portal's links page on the storefront (/apps/affable/portal/links, through the app proxy). */
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { servePortalPage } from "../services/portal/load-creator-portal-request.server";

export const loader = ({ request }: LoaderFunctionArgs) => servePortalPage(request, "links");
/** The same page asked for by the portal's script, with the email sign-in session in the POST body. */
export const action = ({ request }: ActionFunctionArgs) => servePortalPage(request, "links");
