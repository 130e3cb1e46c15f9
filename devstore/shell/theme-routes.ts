/**
 * The admin's Online Store → Themes page (mounted by routes.ts), reduced to what a theme app extension needs:
 *
 *   GET  /store/{handle}/themes                 the live theme, a link to the storefront, and its App embeds:
 *                                               each body block of extensions/*, on or off, with its settings
 *   POST /store/{handle}/themes/app-embeds      enabled=1 and setting_{id} fields; saves, redirects back (303)
 *
 * The same switch is POST /__devstore/storefront/app-embed for tests.
 */
import path from "node:path";
import { Hono } from "hono";
import { PROJECT_ROOT } from "../config.ts";
import { setAppEmbed } from "../storefront/app-embed-settings.ts";
import { listAppEmbedBlocks, type AppEmbedBlock } from "../storefront/render-app-embeds.ts";
import { escapeHtml, sectionPage } from "./admin-pages.ts";
import type { OrderPageHelpers } from "./order-routes.ts";
import type { ShellContext } from "./shell-context.ts";
import { crossOriginRefusal } from "./staff-session.ts";

/** The admin's shared page helpers (routes.ts passes the same ones to the Orders pages). */
export interface ThemePageHelpers extends Pick<OrderPageHelpers, "adminOrigin" | "pageHeaders" | "staffForPage" | "isLoggedIn" | "loginRedirect" | "chrome"> {
  themesPath: string;
  /** Where the shopper opens the store (http://127.0.0.1:{port}/). */
  storefrontUrl: string;
  extensionsDir?: string;
}

export function themePageRoutes(ctx: ShellContext, helpers: ThemePageHelpers): Hono {
  const app = new Hono();
  const extensionsDir = helpers.extensionsDir ?? path.join(PROJECT_ROOT, "extensions");
  const formPath = `${helpers.themesPath}/app-embeds`;

  app.get(helpers.themesPath, async (c) => {
    const login = await helpers.staffForPage(c);
    if (!login) return helpers.loginRedirect(c);
    let blocks: AppEmbedBlock[] = [];
    let error: string | null = null;
    try {
      blocks = listAppEmbedBlocks(extensionsDir);
    } catch (problem) {
      error = problem instanceof Error ? problem.message : String(problem);
    }
    const embed = ctx.state.read().storefront.appEmbed;
    const settingRows = blocks.flatMap((block) =>
      Object.entries(block.defaults).map(([id, fallback]) => {
        const value = embed.settings[id] ?? fallback;
        return `<label>${escapeHtml(id)} <input class="field" name="setting_${escapeHtml(id)}" value="${escapeHtml(String(value))}"></label>`;
      }),
    );
    const inner = `${c.req.query("saved") === "1" ? '<p class="notice" role="status">App embeds saved.</p>' : ""}
${error ? `<p class="notice notice-error" role="alert">${escapeHtml(error)} Fix the block, then reload.</p>` : ""}
<div class="card"><h2>Current theme: Dawn (devstore)</h2>
<p><a class="btn" href="${escapeHtml(helpers.storefrontUrl)}" target="_blank" rel="noopener">View your store</a></p></div>
<div class="card"><h2>App embeds</h2>
${
  blocks.length === 0
    ? '<p class="muted">No app embed blocks: a theme app extension in extensions/*/blocks/*.liquid with "target": "body" shows up here.</p>'
    : `<form method="post" action="${escapeHtml(formPath)}">
<ul>${blocks.map((block) => `<li><strong>${escapeHtml(block.name)}</strong> <span class="muted">(${escapeHtml(block.extension)}/${escapeHtml(block.handle)})</span></li>`).join("")}</ul>
<label><span><input type="checkbox" name="enabled" value="1" id="app-embed-enabled"${embed.enabled ? " checked" : ""}> Enabled on the live theme</span></label>
<div class="form-row">${settingRows.join("")}</div>
<p><button class="btn btn-primary" type="submit">Save</button></p>
</form>`
}</div>`;
    return c.html(sectionPage(helpers.chrome(login.staff, "themes"), "Online Store · Themes", inner), 200, helpers.pageHeaders);
  });

  app.post(formPath, async (c) => {
    const refusal = crossOriginRefusal(c, helpers.adminOrigin);
    if (refusal) return c.text(`Refused to save: ${refusal}. Use the form on ${helpers.adminOrigin}${helpers.themesPath}.`, 403);
    if (!(await helpers.isLoggedIn(c))) return helpers.loginRedirect(c);
    const form = await c.req.parseBody();
    const blocks = listAppEmbedBlocks(extensionsDir);
    const settings: Record<string, string | number | boolean> = {};
    for (const block of blocks) {
      for (const [id, fallback] of Object.entries(block.defaults)) {
        const value = form[`setting_${id}`];
        if (typeof value !== "string") continue;
        // Keep the schema's type: a range or number setting stays a number.
        settings[id] = typeof fallback === "number" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value.slice(0, 5000);
      }
    }
    setAppEmbed(ctx, { enabled: form.enabled === "1", settings });
    return c.redirect(`${helpers.themesPath}?saved=1`, 303);
  });

  return app;
}
