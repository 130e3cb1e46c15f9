/**
 * One source of truth for the cookie window: the app writes ProgramSettings.cookieWindowDays to an app-owned
 * metafield (app-data metafield of its AppInstallation), and the theme app embed reads it in Liquid as
 * app.metafields.affable.cookie_window_days. Checked against the local Shopify (devstore, in process) rendering
 * the repository's real extension.
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "../../devstore/config";
import { readAppMetafields } from "../../devstore/storefront/app-metafields";
import { listAppEmbedBlocks, renderAppEmbeds } from "../../devstore/storefront/render-app-embeds";
import { createTestDevstore, TEST_APP, type TestDevstore } from "../../devstore/test-support/create-test-devstore";
import { writeCookieWindowMetafield } from "./app-metafields.server";

const EXTENSIONS = path.join(PROJECT_ROOT, "extensions");
let devstore: TestDevstore;
let token: string;
beforeEach(async () => {
  devstore = createTestDevstore({ scopes: TEST_APP.scopes });
  token = (await devstore.offlineToken()).access_token;
});
afterEach(() => devstore.cleanup());

const admin = () => ({
  graphql: (query: string, options?: { variables?: Record<string, unknown> }) => devstore.graphql(query, { token, ...(options?.variables ? { variables: options.variables } : {}) }),
});
const renderEmbed = () => renderAppEmbeds(EXTENSIONS, {}, readAppMetafields(devstore.context.state.read()));

describe("the cookie window has one source: the app's setting, read by the embed through an app metafield", () => {
  it("the embed has no cookie window setting of its own", () => {
    const [block] = listAppEmbedBlocks(EXTENSIONS);
    expect(Object.keys(block?.defaults ?? {})).not.toContain("cookie_days");
  });

  it("before the app writes anything the embed uses 30 days (the app's default); after a save, the app's value", async () => {
    expect(await renderEmbed()).toContain('data-days="30"');
    await writeCookieWindowMetafield(admin(), 14);
    expect(await renderEmbed()).toContain('data-days="14"');
    await writeCookieWindowMetafield(admin(), 45);
    expect(await renderEmbed()).toContain('data-days="45"');
  });
});
