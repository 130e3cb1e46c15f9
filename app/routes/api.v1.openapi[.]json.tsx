/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, public (it describes the API, it holds no data). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildOpenApiDocument } from "../api/build-openapi-document.server";

export const loader = ({ request }: LoaderFunctionArgs) => {
  const origin = new URL(request.url).origin;
  return new Response(JSON.stringify(buildOpenApiDocument(`${origin}/api/v1`), null, 2), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
};
