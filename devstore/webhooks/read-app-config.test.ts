import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../config.ts";
import { parseAppConfig, readAppConfig, resolveSubscriptionUrl } from "./read-app-config.ts";

const REPO_TOML = path.join(PROJECT_ROOT, "shopify.app.toml");

describe("readAppConfig", () => {
  it("finds every topic and compliance topic this repo's shopify.app.toml subscribes to, with its uri and version", () => {
    const config = readAppConfig(REPO_TOML);
    // Count independently of the reader: every string in every topics/compliance_topics array of the raw TOML.
    const raw = parse(readFileSync(REPO_TOML, "utf8")) as { webhooks: { subscriptions: { topics?: string[]; compliance_topics?: string[] }[] } };
    const declared = raw.webhooks.subscriptions.flatMap((entry) => [...(entry.topics ?? []), ...(entry.compliance_topics ?? [])]);
    expect(declared.length).toBeGreaterThan(0);
    expect(config.subscriptions.map((subscription) => subscription.topic).sort()).toEqual([...declared].sort());

    expect(config.apiVersion).toBe("2026-10");
    expect(config.skipped).toEqual([]);
    expect(config.subscriptions).toContainEqual({ topic: "app/uninstalled", uri: "/webhooks/app/uninstalled", compliance: false });
    expect(config.subscriptions).toContainEqual({ topic: "shop/redact", uri: "/webhooks/shop/redact", compliance: true });
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) {
      expect(config.subscriptions.find((subscription) => subscription.topic === topic)?.compliance).toBe(true);
    }
    expect(config.scopes).toContain("write_discounts");
  });

  it("joins relative uris to the app URL, keeps absolute ones, and skips what cannot be delivered locally", () => {
    const config = parseAppConfig(`
[webhooks]
api_version = "2026-07"
  [[webhooks.subscriptions]]
  topics = ["orders/create", "orders/paid"]
  uri = "/hooks/orders"
  [[webhooks.subscriptions]]
  topics = ["products/update"]
  uri = "pubsub://project:topic"
`);
    expect(config.subscriptions.map((subscription) => subscription.topic)).toEqual(["orders/create", "orders/paid"]);
    expect(config.skipped[0]).toContain("products/update");
    expect(resolveSubscriptionUrl("http://127.0.0.1:4001/", "/hooks/orders")).toBe("http://127.0.0.1:4001/hooks/orders");
    expect(resolveSubscriptionUrl("http://127.0.0.1:4001", "https://elsewhere.example/hook")).toBe("https://elsewhere.example/hook");
  });

  it("reads [app_proxy] (this repo's and a written one), null when absent, and refuses a malformed one", () => {
    const raw = parse(readFileSync(REPO_TOML, "utf8")) as { app_proxy?: { url: string; prefix: string; subpath: string } };
    expect(readAppConfig(REPO_TOML).appProxy).toEqual(raw.app_proxy ? { url: raw.app_proxy.url, prefix: raw.app_proxy.prefix, subpath: raw.app_proxy.subpath } : null);
    const config = parseAppConfig('[app_proxy]\nurl = "https://app.example.com/proxy"\nsubpath = "affable"\nprefix = "apps"\n');
    expect(config.appProxy).toEqual({ url: "https://app.example.com/proxy", prefix: "apps", subpath: "affable" });
    expect(parseAppConfig('name = "x"\n').appProxy).toBeNull();
    expect(() => parseAppConfig('[app_proxy]\nurl = "https://a.example/p"\nsubpath = "a/b"\nprefix = "apps"\n', "p.toml")).toThrow(/p\.toml .*app_proxy\.subpath/);
    expect(() => parseAppConfig('[app_proxy]\nurl = "https://a.example/p"\nsubpath = "a"\nprefix = "shop"\n', "p.toml")).toThrow(/app_proxy\.prefix/);
  });

  it("names the file and the problem when the TOML is broken", () => {
    expect(() => parseAppConfig("[webhooks\n", "broken.toml")).toThrow(/broken\.toml is not valid TOML/);
    expect(() => parseAppConfig('[webhooks]\napi_version = "latest"\n', "odd.toml")).toThrow(/odd\.toml .*webhooks\.api_version/);
    expect(() => readAppConfig("/nonexistent/shopify.app.toml")).toThrow(/Cannot read the app configuration/);
  });
});
