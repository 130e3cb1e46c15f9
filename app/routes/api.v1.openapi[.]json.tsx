/** GET /api/v1/openapi.json: the OpenAPI 3.1 document, public (it describes the API, it holds no data). */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildOpenApiDocument } from "../api/build-openapi-document.server";
import { readApiBaseUrl } from "../api/read-api-base-url.server";

// The request is not read: its Host header must not reach the page (see readApiBaseUrl).
export const loader = (_args: LoaderFunctionArgs) => {
  return new Response(JSON.stringify(buildOpenApiDocument(readApiBaseUrl()), null, 2), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*" },
  });
};
