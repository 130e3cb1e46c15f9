import { defineConfig } from "@playwright/test";

/** The test stack's ports: apart from the demo's so both can run at once. */
export const E2E_PORTS = { admin: 4100, tunnel: 4101, app: 3100 };

// Chromium must make no lookups outside this machine: every name fails except localhost and 127.0.0.1.
const hostResolverRules = "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1";

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: `http://localhost:${E2E_PORTS.admin}`,
    // The Shopify library answers 410 to bot user agents (HeadlessChrome): present an ordinary Chrome.
    userAgent:
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [hostResolverRules],
    },
  },
});
