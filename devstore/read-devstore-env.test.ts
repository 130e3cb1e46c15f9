import { describe, expect, it } from "vitest";
import { readDevstoreEnv } from "./read-devstore-env.ts";

const complete = {
  NODE_ENV: "test" as const,
  SHOPIFY_API_KEY: "key",
  SHOPIFY_API_SECRET: "secret",
  SHOPIFY_APP_URL: "http://127.0.0.1:4001/",
  SCOPES: "read_products, read_customers,,",
};

describe("readDevstoreEnv", () => {
  it("reads the app's credentials, URL, scopes and the devstore's ports", () => {
    const env = readDevstoreEnv({ ...complete, DEVSTORE_PORT: "4100", DEVSTORE_STATE: "/tmp/devstore-env-test.json" });
    expect(env).toMatchObject({
      apiKey: "key",
      apiSecret: "secret",
      appUrl: "http://127.0.0.1:4001",
      scopes: ["read_products", "read_customers"],
      ports: { admin: 4100, tunnel: 4001, app: 3000 },
      smtpPort: 4025,
      stateFile: "/tmp/devstore-env-test.json",
    });
  });

  it("reads where the webhook subscriptions come from and how fast retries run", () => {
    expect(readDevstoreEnv(complete)).toMatchObject({ appConfigFile: expect.stringMatching(/shopify\.app\.toml$/), webhookRetryScale: 1 });
    const env = readDevstoreEnv({ ...complete, DEVSTORE_APP_CONFIG: "/tmp/other.toml", DEVSTORE_WEBHOOK_RETRY_SCALE: "0.001" });
    expect(env).toMatchObject({ appConfigFile: "/tmp/other.toml", webhookRetryScale: 0.001 });
    expect(() => readDevstoreEnv({ ...complete, DEVSTORE_WEBHOOK_RETRY_SCALE: "fast" })).toThrow(/DEVSTORE_WEBHOOK_RETRY_SCALE must be a positive number/);
  });

  it("names every missing or invalid variable at once, and what it is for", () => {
    let message = "";
    try {
      readDevstoreEnv({ NODE_ENV: "test", SHOPIFY_APP_URL: "not a url", DEVSTORE_PORT: "http", DEVSTORE_SMTP_PORT: "mail" });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toContain("SHOPIFY_API_KEY missing: the app's Client ID");
    expect(message).toContain("SHOPIFY_API_SECRET missing");
    expect(message).toContain("SHOPIFY_APP_URL missing or not a URL");
    expect(message).toContain("SCOPES missing");
    expect(message).toContain("DEVSTORE_PORT must be a port number");
    expect(message).toContain("DEVSTORE_SMTP_PORT must be a port number");
    expect(message).toContain(".env.example");
  });
});
