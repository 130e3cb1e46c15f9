/**
 * The app's theme app extension, rendered as Shopify's storefront renders an app embed block: every
 * `extensions/{extension}/blocks/{block}.liquid` whose `{% schema %}` says `"target": "body"` is rendered by a real
 * Liquid engine (liquidjs) and placed before `</body>`, when the merchant has switched the app embed on. The block's
 * `{% schema %}` is taken out and parsed; `block.settings` are its defaults overlaid with the merchant's values;
 * `{{ 'file.js' | asset_url }}` points at the extension's assets/ folder, served by the storefront at ASSET_BASE.
 * Files are read on every render, so an edit to the extension shows on the next page load.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";
import { z } from "zod";

/** Where the storefront serves extension assets: /cdn/shop/extensions/{extension}/assets/{file} (Shopify: its CDN). */
export const EXTENSION_ASSET_BASE = "/cdn/shop/extensions";
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SCHEMA_TAG = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

const blockSchemaSchema = z.object({
  name: z.string(),
  target: z.string(),
  settings: z.array(z.object({ id: z.string().optional(), type: z.string(), default: z.unknown().optional() }).loose()).default([]),
});

export interface AppEmbedBlock {
  extension: string;
  /** The file name without .liquid. */
  handle: string;
  name: string;
  target: string;
  /** The Liquid without its schema tag. */
  template: string;
  defaults: Record<string, unknown>;
}

/** Every app embed block (target "body") of every extension under `extensionsDir`; none when the folder is missing. */
export function listAppEmbedBlocks(extensionsDir: string): AppEmbedBlock[] {
  const blocks: AppEmbedBlock[] = [];
  for (const extension of listDirectory(extensionsDir)) {
    const blocksDir = path.join(extensionsDir, extension, "blocks");
    for (const file of listDirectory(blocksDir).filter((name) => name.endsWith(".liquid"))) {
      const source = readFileSync(path.join(blocksDir, file), "utf8");
      const block = parseBlock(extension, file.replace(/\.liquid$/, ""), source);
      if (block.target === "body") blocks.push(block);
    }
  }
  return blocks;
}

export function parseBlock(extension: string, handle: string, source: string): AppEmbedBlock {
  const match = SCHEMA_TAG.exec(source);
  if (!match?.[1]) throw new Error(`extensions/${extension}/blocks/${handle}.liquid has no {% schema %}: Shopify requires one with a "target".`);
  let json: unknown;
  try {
    json = JSON.parse(match[1]);
  } catch (error) {
    throw new Error(`The {% schema %} of extensions/${extension}/blocks/${handle}.liquid is not JSON: ${(error as Error).message}`);
  }
  const schema = blockSchemaSchema.parse(json);
  const defaults: Record<string, unknown> = {};
  for (const setting of schema.settings) if (setting.id !== undefined && setting.default !== undefined) defaults[setting.id] = setting.default;
  return { extension, handle, name: schema.name, target: schema.target, template: source.replace(SCHEMA_TAG, ""), defaults };
}

/** The HTML of every body app embed, with the merchant's settings over the schema defaults. */
export async function renderAppEmbeds(
  extensionsDir: string,
  settings: Readonly<Record<string, unknown>>,
  /** The app's app-data metafields, Liquid's app.metafields (see app-metafields.ts). */
  appMetafields: Readonly<Record<string, Record<string, unknown>>> = {},
): Promise<string> {
  const rendered: string[] = [];
  for (const block of listAppEmbedBlocks(extensionsDir)) {
    const engine = new Liquid({ strictFilters: true, cache: false });
    engine.registerFilter("asset_url", (file: unknown) => `${EXTENSION_ASSET_BASE}/${encodeURIComponent(block.extension)}/assets/${encodeURIComponent(String(file))}`);
    const html = await engine.parseAndRender(block.template, {
      app: { metafields: appMetafields },
      block: { id: `${block.extension}-${block.handle}`, type: `shopify://apps/${block.extension}/blocks/${block.handle}`, settings: { ...block.defaults, ...settings }, shopify_attributes: "" },
    });
    rendered.push(`<div id="shopify-block-${escapeAttribute(block.extension)}-${escapeAttribute(block.handle)}" class="shopify-app-block">${html}</div>`);
  }
  return rendered.join("\n");
}

/** An extension asset's file, or null when the names are not plain file names or the file does not exist. */
export function findExtensionAsset(extensionsDir: string, extension: string, file: string): string | null {
  if (!SAFE_NAME.test(extension) || !SAFE_NAME.test(file)) return null;
  const candidate = path.join(extensionsDir, extension, "assets", file);
  try {
    return statSync(candidate).isFile() ? candidate : null;
  } catch {
    return null;
  }
}

const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".json": "application/json",
};

export function assetContentType(file: string): string {
  return ASSET_TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream";
}

function listDirectory(directory: string): string[] {
  try {
    return readdirSync(directory).filter((name) => SAFE_NAME.test(name)).sort();
  } catch {
    return [];
  }
}

function escapeAttribute(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, "-");
}
