import { vitePlugin as remix } from "@remix-run/dev";
import { installGlobals } from "@remix-run/node";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { forbidClientModules } from "./tools/vite/forbid-client-modules";

// Native fetch (undici) so the network boundary — an undici dispatcher in dev/test, the real internet in
// production — is the only seam between the app and Shopify. Remix's polyfill would bypass it.
installGlobals({ nativeFetch: true });

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const port = Number(process.env.PORT ?? 3000);

export default defineConfig({
  server: {
    host: "127.0.0.1",
    port,
    // The app is reached through the tunnel (a different origin), so let Vite accept that Host.
    allowedHosts: true,
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.ts", "**/*.test.tsx"],
      // Every Remix v2 future flag, so the move to React Router 7 stays mechanical.
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
        unstable_optimizeDeps: true,
      },
    }),
    tsconfigPaths(),
    // Settings validates on the server; zod (~100 kB) must not ship to the browser with the page.
    forbidClientModules([
      { route: "app/routes/app.settings._index.tsx", packages: ["zod"] },
      { route: "app/routes/app.settings.payouts.tsx", packages: ["zod"] },
      { route: "app/routes/app.settings.fraud.tsx", packages: ["zod"] },
    ]),
  ],
  // es2022: top-level await in server modules (the database opens before the first request).
  build: { assetsInlineLimit: 0, target: "es2022" },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
});
