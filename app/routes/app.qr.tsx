/**
 * QR codes for creators' links: GET /app/qr?url=…&format=svg|png[&download=1]. Only URLs on the shop's own
 * storefront (primary domain or myshopify domain, https) are encoded, so this is not an open QR generator.
 * Authenticated like every admin request (session token), hence fetched by the page rather than put in an <img src>.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import QRCode from "qrcode";
import { z } from "zod";
import { fetchStorefrontHosts } from "../shopify/storefront-domain.server";
import { authenticate } from "../shopify.server";

const querySchema = z.object({
  url: z.url({ protocol: /^https$/ }).max(2000),
  format: z.enum(["svg", "png"]).default("svg"),
  download: z.enum(["0", "1"]).default("0"),
});

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) {
    return new Response("Pass url (an https address on your storefront) and format (svg or png).", { status: 400 });
  }
  const host = new URL(query.data.url).hostname;
  const allowed = host === session.shop ? true : host === (await fetchStorefrontHosts(admin)).primaryHost;
  if (!allowed) return new Response("QR codes are made only for links to your own storefront.", { status: 400 });

  const disposition: Record<string, string> = query.data.download === "1" ? { "Content-Disposition": `attachment; filename="affable-qr.${query.data.format}"` } : {};
  if (query.data.format === "svg") {
    const svg = await QRCode.toString(query.data.url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return new Response(svg, { headers: { "Content-Type": "image/svg+xml; charset=utf-8", "Cache-Control": "private, max-age=3600", ...disposition } });
  }
  const png = await QRCode.toBuffer(query.data.url, { type: "png", errorCorrectionLevel: "M", margin: 2, width: 1024 });
  return new Response(new Uint8Array(png), { headers: { "Content-Type": "image/png", "Cache-Control": "private, max-age=3600", ...disposition } });
};
