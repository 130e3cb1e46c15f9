import { afterEach, describe, expect, it } from "vitest";
import { createShopper } from "../test-support/create-shopper.ts";
import { createTestDevstore, type TestDevstore } from "../test-support/create-test-devstore.ts";
import { shellRoutes } from "./routes.ts";

let devstore: TestDevstore;
afterEach(() => devstore.cleanup());

describe("the admin's Online Store → Themes page", () => {
  it("lists the app embed from extensions/, and its form switches it on with settings typed as the schema's", async () => {
    devstore = createTestDevstore();
    const shell = shellRoutes(devstore.context);
    const staff = createShopper((request) => shell.fetch(request), "http://localhost:4000");
    const page = await (await staff.request("/store/affable-demo/themes")).text();
    expect(page).toMatch(/<a class="nav-item" href="\/store\/affable-demo\/themes" aria-current="page">/);
    expect(page).toContain('id="app-embed-enabled"');
    expect(page).not.toContain('id="app-embed-enabled" checked');
    expect(page).toContain('name="setting_ref_params" value="ref"');

    const refused = await staff.request("/store/affable-demo/themes/app-embeds", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://evil.example.com" },
      body: "enabled=1",
    });
    expect(refused.status).toBe(403);
    expect(devstore.context.state.read().storefront.appEmbed.enabled).toBe(false);

    const saved = await staff.request("/store/affable-demo/themes/app-embeds", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost:4000" },
      body: new URLSearchParams({ enabled: "1", setting_ref_params: "ref,via", setting_cookie_days: "14" }).toString(),
    });
    expect(saved.status).toBe(303);
    // cookie_days is not a setting of the embed (the cookie window is the app's, read from its metafield): ignored.
    expect(devstore.context.state.read().storefront.appEmbed).toEqual({ enabled: true, settings: { ref_params: "ref,via" } });
    expect(await (await staff.request("/store/affable-demo/themes?saved=1")).text()).toContain('id="app-embed-enabled" checked');
  });
});
