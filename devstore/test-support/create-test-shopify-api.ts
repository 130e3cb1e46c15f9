/** The real @shopify/shopify-api configured as the app configures it, for the devstore's TEST_APP. */
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";
import { TEST_APP } from "./create-test-devstore.ts";

export function createTestShopifyApi() {
  return shopifyApi({
    apiKey: TEST_APP.apiKey,
    apiSecretKey: TEST_APP.apiSecret,
    scopes: TEST_APP.scopes,
    hostName: "localhost:4001",
    hostScheme: "http",
    apiVersion: ApiVersion.October26,
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
}
