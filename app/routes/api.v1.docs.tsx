/** GET /api/v1/docs: the human-readable reference, server-rendered from the OpenAPI document. */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildOpenApiDocument } from "../api/build-openapi-document.server";
import { renderApiReference } from "../api/render-api-reference.server";

export const loader = ({ request }: LoaderFunctionArgs) => {
  const baseUrl = `${new URL(request.url).origin}/api/v1`;
  return new Response(renderApiReference(buildOpenApiDocument(baseUrl), baseUrl), {
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "public, max-age=300", "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'" },
  });
};
