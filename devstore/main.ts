/**
 * `npm run devstore`: the local Shopify for development and the demo. Reads the app's credentials from the
 * environment (the same SHOPIFY_* variables the app reads), then serves the admin and Shopify's APIs.
 * Start the app with `node --import ./devstore/intercept.mjs …` so its calls to the shop reach this process.
 */
import { SHOP_DOMAIN, SHOP_HANDLE } from "./config.ts";
import { DevstoreEnvError, readDevstoreEnv } from "./read-devstore-env.ts";
import { startDevstore } from "./server.ts";

async function main(): Promise<void> {
  const env = readDevstoreEnv(process.env);
  const devstore = await startDevstore({
    app: { apiKey: env.apiKey, apiSecret: env.apiSecret, scopes: env.scopes, approvedScopes: env.approvedScopes },
    appUrl: env.appUrl,
    ports: env.ports,
    smtpPort: env.smtpPort,
    stateFile: env.stateFile,
    webhooks: { configFile: env.appConfigFile, retryScale: env.webhookRetryScale },
  });
  const state = devstore.context.state.read();
  console.log(
    [
      `[devstore] ${state.shop.name} (${SHOP_DOMAIN}) is open.`,
      `  admin:      ${devstore.adminUrl}`,
      `  storefront: ${devstore.storefrontUrl ?? "(off)"} (app proxy: /apps/* → the app; app embed: admin → Online Store → Themes)`,
      `  tunnel:     ${devstore.tunnelUrl ?? "(none)"} → app on port ${env.ports.app}`,
      `  mail:       smtp://127.0.0.1:${devstore.smtpPort ?? env.smtpPort} → ${devstore.adminUrl}/store/${SHOP_HANDLE}/mail`,
      `  webhooks:   ${devstore.context.webhooks?.config.subscriptions.length ?? 0} topic(s) from ${env.appConfigFile} → ${env.appUrl} (log at ${devstore.adminUrl}/store/${SHOP_HANDLE}/webhooks)`,
      `  state:      ${env.stateFile} (${state.products.length} products, ${state.customers.length} customers, ${state.installations.length} app(s) installed)`,
      `  PayPal:     https://api-m.sandbox.paypal.com, https://api-m.paypal.com (local PayPal, via devstore/intercept.mjs; demo credentials at ${devstore.adminUrl}/__devstore/paypal/state)`,
      `  Admin API:  https://${SHOP_DOMAIN}/admin/api/${devstore.context.apiVersion}/graphql.json (via devstore/intercept.mjs)`,
    ].join("\n"),
  );

  const stop = (signal: string): void => {
    console.log(`[devstore] ${signal}: closing.`);
    devstore.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error("[devstore] Could not close cleanly:", error);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof DevstoreEnvError ? error.message : error);
  process.exit(1);
});
