import { escapeLiquidHtml } from "./escape-liquid-html";

/** Where the portal lives on the storefront and who is looking at it; every link a page renders comes from here. */
export interface PortalFrame {
  /** The proxy's storefront path prefix as Shopify sent it (path_prefix), e.g. "/apps/affable". */
  readonly prefix: string;
  /** The email sign-in session token, carried in every link (see portal-session-token.ts); null for customers. */
  readonly sessionToken: string | null;
  readonly shopName: string;
}

export const PORTAL_PAGES = [
  { page: "", label: "Overview" },
  { page: "links", label: "Links & codes" },
  { page: "orders", label: "Orders" },
  { page: "payouts", label: "Payouts" },
  { page: "assets", label: "Marketing assets" },
] as const;

export type PortalPage = (typeof PORTAL_PAGES)[number]["page"];

/** A portal URL on the storefront, keeping the email session when there is one. */
export function buildPortalHref(frame: PortalFrame, page: string, query: Record<string, string> = {}): string {
  const params = new URLSearchParams(query);
  if (frame.sessionToken) params.set("s", frame.sessionToken);
  const search = params.toString();
  return `${frame.prefix}/portal${page ? `/${page}` : ""}${search ? `?${search}` : ""}`;
}

// Styles inherit the theme's fonts and colours (currentColor, inherit), so the portal looks at home in any theme;
// grids collapse to one column and tables scroll sideways on a phone. No braces pairs ("{{", "{%") may appear here:
// Shopify renders the page as Liquid. Muted text is smaller, never lighter: the theme's colours are unknown, and
// fading them (opacity) fails WCAG colour contrast on most themes.
const STYLES = `<style>
.affable-portal{max-width:960px;margin:0 auto;padding:24px 16px 48px;line-height:1.5}
.affable-portal h1{margin:0 0 4px}
.affable-portal h2{margin:24px 0 12px;font-size:1.2em}
.affable-portal nav{display:flex;flex-wrap:wrap;gap:8px;margin:16px 0 8px}
.affable-portal nav a{padding:6px 12px;border:1px solid rgba(127,127,127,.35);border-radius:999px;text-decoration:none;color:inherit}
.affable-portal nav a[aria-current=page]{background:currentColor}
.affable-portal nav a[aria-current=page] span{filter:invert(1)}
.affable-portal .affable-grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px}
.affable-portal .affable-card{border:1px solid rgba(127,127,127,.35);border-radius:8px;padding:12px 16px}
.affable-portal .affable-card strong{display:block;font-size:1.4em}
.affable-portal .affable-muted{font-size:.9em}
.affable-portal .affable-table{overflow-x:auto}
.affable-portal table{width:100%;border-collapse:collapse}
.affable-portal th,.affable-portal td{text-align:left;padding:8px;border-bottom:1px solid rgba(127,127,127,.25);white-space:nowrap}
.affable-portal .affable-chart{display:block;margin:8px 0}
.affable-portal .affable-copy{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin:4px 0}
.affable-portal .affable-copy code{word-break:break-all;white-space:normal}
.affable-portal .affable-qr svg{width:120px;height:120px}
.affable-portal form label{display:block;margin:12px 0 4px}
.affable-portal input,.affable-portal textarea{width:100%;max-width:480px;box-sizing:border-box;padding:8px;font:inherit}
.affable-portal .affable-error{color:#b42318}
</style>`;

// Copy buttons: tiny and inline (no external script); a button without clipboard access selects the text instead.
const COPY_SCRIPT = `<script>
document.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest("[data-affable-copy]");if(!b)return;
var t=b.getAttribute("data-affable-copy");if(navigator.clipboard){navigator.clipboard.writeText(t).then(function(){b.textContent="Copied"})}});
</script>`;

export function renderCopyable(text: string): string {
  const value = escapeLiquidHtml(text);
  return `<div class="affable-copy"><code>${value}</code><button type="button" class="button button--secondary" data-affable-copy="${value}">Copy</button></div>`;
}

export function renderPortalLayout(frame: PortalFrame, input: { current: PortalPage; creatorName: string; body: string }): string {
  const nav = PORTAL_PAGES.map(({ page, label }) => {
    const current = page === input.current ? ' aria-current="page"' : "";
    return `<a href="${escapeLiquidHtml(buildPortalHref(frame, page))}"${current}><span>${escapeLiquidHtml(label)}</span></a>`;
  }).join("");
  const signOut = frame.sessionToken ? ` · <a href="${escapeLiquidHtml(`${frame.prefix}/portal`)}">Sign out</a>` : "";
  return renderPortalShell(
    `<h1>${escapeLiquidHtml(frame.shopName)} creators</h1>` +
      `<p class="affable-muted">Signed in as ${escapeLiquidHtml(input.creatorName)}${signOut}</p>` +
      `<nav aria-label="Creator portal">${nav}</nav>${input.body}`,
  );
}

/** The portal's outer frame without navigation (sign-in, messages, the application form). */
export function renderPortalShell(body: string): string {
  return `<div class="affable-portal page-width">${STYLES}${body}</div>${COPY_SCRIPT}`;
}
