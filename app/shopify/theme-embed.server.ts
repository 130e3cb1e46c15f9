/**
 * Is Affable's app embed on in the live theme? Shopify has no API for it; apps read the main theme's
 * config/settings_data.json (scope read_themes) and look for the embed block there (app/domain/setup).
 */
import { readAppEmbedState, type AppEmbedState } from "../domain/setup";
import { runAdminQuery, type AdminGraphqlClient } from "./admin-client.server";

/** The app embed's block handle: extensions/referral-capture/blocks/<handle>.liquid. */
export const APP_EMBED_HANDLE = "referral-capture";
const SETTINGS_FILE = "config/settings_data.json";

export const MAIN_THEME_SETTINGS_QUERY = `#graphql
  query AffableMainThemeSettings {
    themes(first: 1, roles: [MAIN]) {
      nodes {
        id
        files(filenames: ["${SETTINGS_FILE}"], first: 1) {
          nodes {
            filename
            body {
              ... on OnlineStoreThemeFileBodyText { content }
            }
          }
        }
      }
    }
  }
`;

type ThemesData = {
  themes: { nodes: Array<{ id: string; files: { nodes: Array<{ filename: string; body: { content?: string } | null }> } | null }> } | null;
};

/** "on" / "off" from the main theme; throws a ShopifyAdminError when Shopify cannot be asked. */
export async function fetchThemeEmbedState(admin: AdminGraphqlClient, embedHandle = APP_EMBED_HANDLE): Promise<AppEmbedState> {
  const data = await runAdminQuery<ThemesData>(admin, "the main theme's settings query", MAIN_THEME_SETTINGS_QUERY);
  const theme = data.themes?.nodes[0];
  const file = theme?.files?.nodes.find((candidate) => candidate.filename === SETTINGS_FILE);
  // No published theme, or a theme without settings yet: nothing can have switched the embed on.
  if (!file?.body?.content) return "off";
  return readAppEmbedState(file.body.content, embedHandle);
}
