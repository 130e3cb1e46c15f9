/**
 * The devstore's one theme (its live "Dawn"), as Admin GraphQL's `themes` presents it. config/settings_data.json
 * is written from the state the Themes page switches (storefront.appEmbed), in Shopify's shape: a generated-file
 * comment, then `current.blocks` keyed by block id, each app embed as
 * { type: "shopify://apps/{app}/blocks/{handle}/{uuid}", disabled, settings }. An embed the merchant never touched
 * (off, no settings) is absent, as on Shopify.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { PROJECT_ROOT } from "../../config.ts";
import { listAppEmbedBlocks } from "../../storefront/render-app-embeds.ts";
import type { AdminApiContext } from "../admin-api-context.ts";

export const MAIN_THEME_ID = "gid://shopify/OnlineStoreTheme/1";
const SETTINGS_FILE = "config/settings_data.json";
const GENERATED_NOTICE = `/*
 * IMPORTANT: The contents of this file are auto-generated.
 *
 * This file may be updated by the Shopify admin theme editor
 * or related systems. Please exercise caution as any changes
 * made to this file may be overwritten.
 */
`;

/** A stable UUID-shaped id per block, as Shopify gives each app block instance one. */
function blockUuid(extension: string, handle: string): string {
  const hex = createHash("sha256").update(`${extension}/${handle}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

export function buildSettingsData(context: Pick<AdminApiContext, "state">, extensionsDir = path.join(PROJECT_ROOT, "extensions")): string {
  const embed = context.state.storefront.appEmbed;
  const blocks: Record<string, unknown> = {};
  if (embed.enabled || Object.keys(embed.settings).length > 0) {
    for (const block of listAppEmbedBlocks(extensionsDir)) {
      const uuid = blockUuid(block.extension, block.handle);
      blocks[uuid] = { type: `shopify://apps/${block.extension}/blocks/${block.handle}/${uuid}`, disabled: !embed.enabled, settings: { ...embed.settings } };
    }
  }
  return `${GENERATED_NOTICE}${JSON.stringify({ current: { blocks } }, null, 2)}`;
}

export function presentMainTheme(context: AdminApiContext) {
  return {
    id: MAIN_THEME_ID,
    name: "Dawn",
    role: "MAIN",
    files: (_source: unknown, args: { filenames?: string[] | null }) => {
      const wanted = args.filenames ?? [SETTINGS_FILE];
      if (!wanted.includes(SETTINGS_FILE)) return { nodes: [] };
      const content = buildSettingsData(context);
      return { nodes: [{ filename: SETTINGS_FILE, size: String(Buffer.byteLength(content)), body: { __typename: "OnlineStoreThemeFileBodyText", content } }] };
    },
  };
}
