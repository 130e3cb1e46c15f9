/**
 * The one shopifyApp(). Everything that authenticates a request (admin pages, webhooks, app proxy) comes from here.
 * Production talks to Shopify over the internet; the local Shopify (devstore/) is reached through the very same
 * code, with only the network boundary redirected (see devstore/intercept.mjs). There is no auth bypass anywhere.
 */
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import db from "./db.server";
import { env } from "./env.server";
import { PrismaSessionStorage } from "./sessions/prisma-session-storage.server";
import { syncShop } from "./services/sync/sync-shop.server";

const config = env();

/** One API version everywhere: here, shopify.app.toml and the GraphQL documents. */
export const apiVersion = ApiVersion.October26;

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion,
  scopes: config.SCOPES,
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(db),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await syncShop(db, session.shop, admin);
    },
  },
  ...(config.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [config.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
