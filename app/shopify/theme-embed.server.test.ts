/**
 * Detecting the app embed against the local Shopify (devstore, in process): the Admin GraphQL `themes` query
 * answers from the devstore's theme state, which its Themes page (the theme editor stand-in) switches.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { setAppEmbed } from "../../devstore/storefront/app-embed-settings";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../../devstore/test-support/create-test-devstore";
import { fetchThemeEmbedState } from "./theme-embed.server";

let devstore: TestDevstore;
let token: string;

beforeEach(async () => {
  devstore = createTestDevstore({ scopes: [...TEST_APP.scopes, "read_themes"] });
  token = (await devstore.offlineToken()).access_token;
});
afterEach(() => devstore.cleanup());

const admin = () => ({
  graphql: (query: string, options?: { variables?: Record<string, unknown> }) => devstore.graphql(query, { token, ...(options?.variables ? { variables: options.variables } : {}) }),
});

describe("fetchThemeEmbedState against the devstore", () => {
  it("off until the merchant switches the embed on in the theme editor, then on, then off again", async () => {
    expect(await fetchThemeEmbedState(admin())).toBe("off");
    setAppEmbed(devstore.context, { enabled: true });
    expect(await fetchThemeEmbedState(admin())).toBe("on");
    setAppEmbed(devstore.context, { enabled: false });
    expect(await fetchThemeEmbedState(admin())).toBe("off");
  });

  it("the theme's settings_data.json is what Shopify serves: a comment header, then current.blocks with the embed's type and disabled flag", async () => {
    setAppEmbed(devstore.context, { enabled: true, settings: { ref_params: "ref,via" } });
    const response = await devstore.graphql(
      `{ themes(first: 1, roles: [MAIN]) { nodes { role files(filenames: ["config/settings_data.json"]) { nodes { filename body { ... on OnlineStoreThemeFileBodyText { content } } } } } } }`,
      { token },
    );
    const body = (await response.json()) as { data: { themes: { nodes: Array<{ role: string; files: { nodes: Array<{ filename: string; body: { content: string } }> } }> } } };
    const [theme] = body.data.themes.nodes;
    expect(theme?.role).toBe("MAIN");
    const content = theme?.files.nodes[0]?.body.content ?? "";
    expect(content.startsWith("/*")).toBe(true);
    const json = JSON.parse(content.replace(/^\/\*[\s\S]*?\*\//, "")) as { current: { blocks: Record<string, { type: string; disabled: boolean; settings: Record<string, unknown> }> } };
    const blocks = Object.values(json.current.blocks);
    expect(blocks).toEqual([{ type: expect.stringMatching(/^shopify:\/\/apps\/[^/]+\/blocks\/referral-capture\/[0-9a-f-]+$/) as unknown, disabled: false, settings: { ref_params: "ref,via" } }]);
  });

  it("needs read_themes, as on Shopify", async () => {
    const limited = createTestDevstore({ scopes: TEST_APP.scopes });
    const limitedToken = (await limited.offlineToken()).access_token;
    const client = { graphql: (query: string) => limited.graphql(query, { token: limitedToken }) };
    await expect(fetchThemeEmbedState(client)).rejects.toThrow(/access scopes/);
    limited.cleanup();
  });
});
