/**
 * Whether our app embed is on in a theme, from the theme's config/settings_data.json (read through Admin GraphQL).
 * Shopify keeps app embeds in `current.blocks` (or, when `current` names a preset, in `presets[current].blocks`)
 * as { type: "shopify://apps/{app}/blocks/{handle}/{uuid}", disabled: boolean }; an embed never switched on is
 * simply absent. The file starts with a /* … *\/ comment Shopify writes, which JSON.parse does not accept.
 */
export type AppEmbedState = "on" | "off";

type Blocks = Record<string, { type?: unknown; disabled?: unknown } | null | undefined>;

export function readAppEmbedState(settingsData: string, embedHandle: string): AppEmbedState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(settingsData.replace(/^\uFEFF?\s*\/\*[\s\S]*?\*\//, ""));
  } catch (error) {
    throw new Error(`The theme's config/settings_data.json is not JSON (${(error as Error).message}).`);
  }
  const root = (parsed ?? {}) as { current?: unknown; presets?: Record<string, { blocks?: Blocks }> };
  const current = typeof root.current === "string" ? root.presets?.[root.current] : (root.current as { blocks?: Blocks } | undefined);
  const pattern = new RegExp(`^shopify://apps/[^/]+/blocks/${escapeRegExp(embedHandle)}/[^/]+$`);
  for (const block of Object.values(current?.blocks ?? {})) {
    if (block && typeof block.type === "string" && pattern.test(block.type) && block.disabled !== true) return "on";
  }
  return "off";
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
