/**
 * The app's settings the theme app embed needs, written to app-data metafields (owner: the app's installation),
 * which the embed reads in Liquid as app.metafields.affable.<key>. This keeps one source of truth: the merchant
 * sets the cookie window once, in Affable's Settings. App-data metafields need no extra access scope.
 */
import { runAdminQuery, ShopifyAdminError, type AdminGraphqlClient } from "./admin-client.server";

export const APP_METAFIELD_NAMESPACE = "affable";

const INSTALLATION_QUERY = `#graphql
  query AffableAppInstallation { currentAppInstallation { id } }
`;

const METAFIELDS_SET = `#graphql
  mutation AffableSetAppMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields { key value }
      userErrors { field message code }
    }
  }
`;

/** Writes the cookie window (whole days) where the theme app embed reads it. */
export async function writeCookieWindowMetafield(admin: AdminGraphqlClient, cookieWindowDays: number): Promise<void> {
  const installation = await runAdminQuery<{ currentAppInstallation: { id: string } }>(admin, "the app installation query", INSTALLATION_QUERY);
  const data = await runAdminQuery<{ metafieldsSet: { userErrors: Array<{ message: string }> } | null }>(admin, "saving the cookie window for the theme embed", METAFIELDS_SET, {
    metafields: [
      { ownerId: installation.currentAppInstallation.id, namespace: APP_METAFIELD_NAMESPACE, key: "cookie_window_days", type: "number_integer", value: String(cookieWindowDays) },
    ],
  });
  const errors = data.metafieldsSet?.userErrors ?? [];
  if (errors.length > 0) throw new ShopifyAdminError(`Shopify did not save the cookie window for the theme embed: ${errors.map((error) => error.message).join("; ")}.`, errors);
}
