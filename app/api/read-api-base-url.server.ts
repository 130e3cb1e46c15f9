import { env } from "../env.server";

/**
 * The public API's base URL, e.g. https://affable.example.com/api/v1, from SHOPIFY_APP_URL. Never from the request:
 * its Host header is whatever the client sent, and the docs and OpenAPI pages are public and cacheable.
 */
export function readApiBaseUrl(): string {
  return `${env().SHOPIFY_APP_URL.replace(/\/+$/, "")}/api/v1`;
}
