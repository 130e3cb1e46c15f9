import { defineConfig } from "@playwright/test";
import { CHROME_USER_AGENT, CHROMIUM_ARGS, CHROMIUM_PATH } from "./tests/support/chromium";

/** The test stack's ports: apart from the demo's so both can run at once (E2E_PORT_BASE moves them). */
const portBase = Number(process.env.E2E_PORT_BASE ?? 4100);
export const E2E_PORTS = { admin: portBase, tunnel: portBase + 1, app: portBase + 2, smtp: portBase + 3 };

export default defineConfig({
  testDir: "tests/e2e",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [["list"], ["json", { outputFile: "test-reports/e2e.json" }]],
  use: {
    baseURL: `http://localhost:${E2E_PORTS.admin}`,
    userAgent: CHROME_USER_AGENT,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
});
