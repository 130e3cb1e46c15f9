/** GET /api/v1/docs: the human-readable reference, server-rendered from the OpenAPI document. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildOpenApiDocument } from "../api/build-openapi-document.server";
import { readApiBaseUrl } from "../api/read-api-base-url.server";
import { renderApiReference } from "../api/render-api-reference.server";

// The request is not read: its Host header must not reach the page (see readApiBaseUrl).
export const loader = (_args: LoaderFunctionArgs) => {
  const baseUrl = readApiBaseUrl();
  return new Response(renderApiReference(buildOpenApiDocument(baseUrl), baseUrl), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" },
  });
};
