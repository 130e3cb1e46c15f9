/** The creator portal's payouts page on the storefront (/apps/affable/portal/payouts, through the app proxy). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { servePortalPage } from "../services/load-creator-portal-request.server";

export const loader = ({ request }: LoaderFunctionArgs) => servePortalPage(request, "payouts");
