/**
 * HTML for the local Shopify admin: the embedded-app page (sidebar, top bar, app title bar, app iframe), placeholder
 * pages for the parts of the admin the devstore does not imitate, the staff login and the landing page.
 * Hand-written CSS in the page, close to Polaris (the 2024 "uplift" admin: dark top bar, grey sidebar, 13px type).
 * No build step; the page's behaviour lives in admin-shell.js.
 */
import { listLinks } from "../mail/rewrite-shop-links.ts";

export interface AdminChrome {
  shopName: string;
  shopHandle: string;
  appName: string;
  /** `/store/{handle}/apps/{app}`: the app's page in the admin. */
  appBasePath: string;
  staffName: string;
  /** Which built-in section is open (placeholders), "app", or null for an unknown admin page. */
  current: "app" | "apps" | BuiltInSection | null;
}

export type BuiltInSection = "home" | "orders" | "products" | "customers" | "discounts" | "themes" | "mail" | "webhooks";

/** The admin's sections. `live` ones are real pages of the local Shopify; the rest are greyed placeholders. */
export const BUILT_IN_SECTIONS: { id: BuiltInSection; label: string; path: string; live?: true }[] = [
  { id: "home", label: "Home", path: "" },
  { id: "orders", label: "Orders", path: "/orders", live: true },
  { id: "products", label: "Products", path: "/products" },
  { id: "customers", label: "Customers", path: "/customers" },
  { id: "discounts", label: "Discounts", path: "/discounts", live: true },
  { id: "themes", label: "Online Store", path: "/themes", live: true },
  { id: "mail", label: "Mail (local)", path: "/mail", live: true },
  { id: "webhooks", label: "Webhooks (local)", path: "/webhooks", live: true },
];

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** JSON that is safe inside `<script type="application/json">` (no `</script>`, no line separators). */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase() ?? "")
    .join("");
}

const ICONS: Record<BuiltInSection | "apps" | "menu" | "search" | "bag", string> = {
  home: '<path d="M3.5 9 10 3.75 16.5 9v6.75a.75.75 0 0 1-.75.75H12.5v-4.5h-5v4.5H4.25a.75.75 0 0 1-.75-.75z"/>',
  orders:
    '<path d="M3.5 11.5V15a1.5 1.5 0 0 0 1.5 1.5h10a1.5 1.5 0 0 0 1.5-1.5v-3.5m-13 0 2-7.25A1 1 0 0 1 6.47 3.5h7.06a1 1 0 0 1 .97.75l2 7.25m-13 0h3.75l1 2h3.5l1-2h3.75"/>',
  products:
    '<path d="M10.5 3.5h5a1 1 0 0 1 1 1v5a1 1 0 0 1-.3.7l-6.5 6.5a1 1 0 0 1-1.4 0l-5-5a1 1 0 0 1 0-1.4l6.5-6.5a1 1 0 0 1 .7-.3z"/><circle cx="13.25" cy="6.75" r="1"/>',
  customers: '<circle cx="10" cy="7" r="3.25"/><path d="M3.75 16.5c.6-3 3.2-4.75 6.25-4.75s5.65 1.75 6.25 4.75"/>',
  discounts:
    '<path d="m10 2.75 1.8 1.3 2.2-.05.7 2.1 1.8 1.3-.7 2.1.7 2.1-1.8 1.3-.7 2.1-2.2-.05L10 17.25l-1.8-1.3-2.2.05-.7-2.1-1.8-1.3.7-2.1-.7-2.1 1.8-1.3.7-2.1 2.2.05z"/><path d="m7.75 12.25 4.5-4.5"/><circle cx="8" cy="8" r=".5"/><circle cx="12" cy="12" r=".5"/>',
  themes: '<path d="M3.5 7.5 5 3.5h10l1.5 4M3.5 7.5h13M3.5 7.5a2.2 2.2 0 0 0 4.33 0 2.2 2.2 0 0 0 4.34 0 2.2 2.2 0 0 0 4.33 0M4.5 9.5v7h11v-7M8.5 16.5v-4h3v4"/>',
  mail: '<rect x="3" y="5" width="14" height="10.5" rx="1.5"/><path d="m3.5 6 6.5 5 6.5-5"/>',
  webhooks: '<circle cx="10" cy="5.5" r="2"/><circle cx="5" cy="14.5" r="2"/><circle cx="15" cy="14.5" r="2"/><path d="m9 7.25-3 5.5M11 7.25l3 5.5M7 14.5h6"/>',
  apps: '<rect x="3.5" y="3.5" width="5" height="5" rx="1"/><rect x="11.5" y="3.5" width="5" height="5" rx="1"/><rect x="3.5" y="11.5" width="5" height="5" rx="1"/><rect x="11.5" y="11.5" width="5" height="5" rx="1"/>',
  menu: '<path d="M3.5 5.5h13M3.5 10h13M3.5 14.5h13"/>',
  search: '<circle cx="8.75" cy="8.75" r="4.75"/><path d="m12.25 12.25 4 4"/>',
  bag: '<path d="M5 6.5h10l-.8 9.1a1 1 0 0 1-1 .9H6.8a1 1 0 0 1-1-.9z"/><path d="M7.5 8V5.5a2.5 2.5 0 0 1 5 0V8"/>',
};

/** The shopping-bag mark as the tab icon (inline, so the admin needs no static files). */
const FAVICON = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 20"><rect width="20" height="20" rx="5" fill="#1a1a1a"/><g fill="none" stroke="#95bf47" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round">' +
    ICONS.bag +
    "</g></svg>",
)}`;

function icon(name: keyof typeof ICONS): string {
  return `<svg class="icon" viewBox="0 0 20 20" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">${ICONS[name]}</svg>`;
}

const STYLES = `
*,*::before,*::after{box-sizing:border-box}
html,body{height:100%;margin:0}
body{font-family:-apple-system,BlinkMacSystemFont,"San Francisco","Segoe UI",Roboto,"Helvetica Neue",sans-serif;font-size:13px;line-height:20px;color:#303030;background:#1a1a1a;-webkit-font-smoothing:antialiased}
a{color:inherit}
button{font:inherit;color:inherit}
.icon{width:20px;height:20px;flex:none}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
[hidden]{display:none!important}

/* Top bar: dark, like the admin's. The contextual save bar takes its centre when the app shows ui-save-bar. */
.topbar{position:fixed;inset:0 0 auto 0;height:56px;display:flex;align-items:center;gap:12px;padding:0 12px 0 16px;background:#1a1a1a;color:#e3e3e3;z-index:30}
.menu-toggle{display:none;background:none;border:0;border-radius:8px;padding:6px;cursor:pointer;color:#e3e3e3}
.menu-toggle:hover{background:#303030}
.brand{display:flex;align-items:center;gap:8px;text-decoration:none;color:#fff;font-weight:650;font-size:14px;min-width:200px}
.brand .icon{color:#95bf47;width:24px;height:24px;stroke-width:1.75}
.brand small{font-weight:450;color:#b5b5b5;font-size:12px}
.search{flex:1;max-width:600px;margin:0 auto;display:flex;align-items:center;gap:8px;height:36px;padding:0 12px;border-radius:10px;background:#303030;color:#8a8a8a;border:1px solid #3d3d3d}
.search kbd{margin-left:auto;font:inherit;font-size:11px;color:#8a8a8a;border:1px solid #4a4a4a;border-radius:6px;padding:0 6px}
.account{display:flex;align-items:center;gap:8px;margin-left:auto;padding:4px 8px 4px 4px;border-radius:10px;color:#e3e3e3;font-weight:550}
.avatar{display:inline-grid;place-items:center;width:28px;height:28px;border-radius:8px;background:#4be3b1;color:#0c5132;font-weight:700;font-size:12px}
.savebar{position:absolute;inset:0;display:flex;align-items:center;justify-content:space-between;gap:12px;padding:0 16px 0 24px;background:#1a1a1a;color:#fff}
.savebar-label{display:flex;align-items:center;gap:8px;font-weight:650;font-size:14px}
.savebar-label::before{content:"";width:8px;height:8px;border-radius:50%;background:#ffb800}
.savebar-actions{display:flex;gap:8px}
.savebar.shake{animation:shake .4s}
@keyframes shake{0%,100%{transform:translateX(0)}20%,60%{transform:translateX(-6px)}40%,80%{transform:translateX(6px)}}

/* Buttons, Polaris-like. */
.btn{text-decoration:none;display:inline-flex;align-items:center;justify-content:center;gap:4px;min-height:28px;padding:4px 12px;border-radius:8px;border:0;cursor:pointer;font-weight:550;font-size:12px;line-height:16px;background:#fff;color:#303030;box-shadow:inset 0 -1px 0 #b5b5b5,inset 0 0 0 1px rgba(0,0,0,.1)}
.btn:hover{background:#f7f7f7}
.btn:disabled{cursor:default;opacity:.5}
.btn-primary{background:#303030;color:#fff;box-shadow:inset 0 -1px 0 #000,inset 0 1px 0 rgba(255,255,255,.24)}
.btn-primary:hover{background:#1a1a1a}
.btn-critical{background:#c70a24;color:#fff;box-shadow:inset 0 -1px 0 #8e0b21}
.btn-dark{background:#303030;color:#e3e3e3;box-shadow:inset 0 0 0 1px #4a4a4a}
.btn-dark:hover{background:#3d3d3d}
.btn[aria-busy="true"]{opacity:.6}

/* Sidebar. */
.layout{position:fixed;inset:56px 0 0 0;display:flex}
.sidebar{width:240px;flex:none;display:flex;flex-direction:column;background:#ebebeb;padding:12px 8px;overflow-y:auto;border-top-left-radius:12px}
.sidebar ul{list-style:none;margin:0;padding:0}
.nav-item{display:flex;align-items:center;gap:8px;min-height:32px;padding:6px 8px;border-radius:8px;text-decoration:none;color:#303030;font-weight:550}
a.nav-item:hover{background:#f1f1f1}
.nav-item.disabled{color:#8a8a8a}
.nav-item.disabled .icon{color:#b5b5b5}
.nav-item .icon{color:#4a4a4a}
.nav-item[aria-current="page"]{background:#fafafa;font-weight:650}
.nav-section{display:flex;align-items:center;gap:8px;margin:16px 0 4px;padding:6px 8px;color:#616161;font-weight:650;font-size:12px}
a.nav-section-link{text-decoration:none;border-radius:8px}
a.nav-section-link:hover{background:#f1f1f1}
a.nav-section-link[aria-current="page"]{background:#fafafa;color:#303030}
.app-icon{display:inline-grid;place-items:center;width:20px;height:20px;flex:none;border-radius:5px;background:linear-gradient(135deg,#7c3aed,#db2777);color:#fff;font-size:11px;font-weight:700;line-height:1}
.app-subnav{margin:2px 0 4px 0!important}
.app-subnav a{display:block;padding:4px 8px 4px 36px;min-height:28px;border-radius:8px;text-decoration:none;color:#616161;font-weight:550}
.app-subnav a:hover{background:#f1f1f1;color:#303030}
.app-subnav a[aria-current="page"]{background:#fafafa;color:#303030;font-weight:650}
.sidebar-footer{margin-top:auto;padding:12px 8px 4px;border-top:1px solid #e3e3e3;color:#616161;font-size:12px}
.sidebar-footer form{display:inline}
.link-button{background:none;border:0;padding:0;color:#005bd3;cursor:pointer;text-decoration:underline}

/* Main: the app title bar and the app's iframe, which fills the rest and scrolls inside itself, as in the admin. */
.main{flex:1;min-width:0;display:flex;flex-direction:column;background:#f1f1f1}
.titlebar{flex:none;display:flex;align-items:center;justify-content:space-between;gap:12px;min-height:52px;padding:8px 24px;background:#f1f1f1;border-bottom:1px solid #e3e3e3}
.titlebar-heading{display:flex;align-items:center;gap:8px;min-width:0}
.titlebar-heading h1{margin:0;font-size:14px;line-height:20px;font-weight:650;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.titlebar-heading .app-name{color:#616161;font-weight:550}
.titlebar-heading .crumb{background:none;border:0;padding:2px 6px;border-radius:6px;cursor:pointer;color:#616161}
.titlebar-heading .crumb:hover{background:#e3e3e3}
.titlebar-actions{display:flex;gap:8px;flex-wrap:wrap;justify-content:flex-end}
.frame{position:relative;flex:1;min-height:0}
.frame iframe{display:block;width:100%;height:100%;border:0;background:#f1f1f1}
.loading-bar{position:absolute;inset:0 0 auto 0;height:3px;overflow:hidden;z-index:2}
.loading-bar::after{content:"";position:absolute;top:0;bottom:0;width:40%;background:#005bd3;animation:loading 1.2s ease-in-out infinite}
@keyframes loading{from{left:-40%}to{left:100%}}

/* Placeholder pages. */
.page{max-width:720px;margin:32px auto;padding:0 16px}
.card{background:#fff;border-radius:12px;padding:16px;box-shadow:0 1px 0 rgba(26,26,26,.07),inset 0 0 0 1px rgba(0,0,0,.08)}
.card h2{margin:0 0 8px;font-size:14px}
.card p{margin:0 0 8px;color:#616161}

/* Data pages (discounts, mail): a card holding a table, Polaris index-table style. */
.page-wide{max-width:1120px;width:100%}
.card-flush{padding:0;overflow:hidden}
.card-flush .card-header{padding:12px 16px;border-bottom:1px solid #e3e3e3;display:flex;align-items:center;justify-content:space-between;gap:8px}
.card-flush .card-header h2{margin:0}
.empty{padding:32px 16px;text-align:center;color:#616161}
.table-scroll{overflow-x:auto}
.data-table{width:100%;border-collapse:collapse;font-size:13px}
.data-table th{text-align:left;font-weight:550;color:#616161;background:#f7f7f7;padding:8px 12px;border-bottom:1px solid #e3e3e3;white-space:nowrap}
.data-table td{padding:10px 12px;border-bottom:1px solid #ebebeb;vertical-align:top}
.data-table tr:last-child td{border-bottom:0}
.data-table tbody tr:hover{background:#fafafa}
.data-table tr[aria-current="true"]{background:#f1f1f1}
.data-table a{color:#005bd3;text-decoration:none;font-weight:550}
.data-table a:hover{text-decoration:underline}
.code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-weight:650;letter-spacing:.02em}
.muted{color:#616161}
.badge{display:inline-flex;align-items:center;padding:2px 8px;border-radius:8px;font-size:12px;font-weight:550;background:#e3e3e3;color:#303030;white-space:nowrap}
.badge-success{background:#cdfee1;color:#0c5132}
.badge-info{background:#e0f0ff;color:#00527c}
.badge-attention{background:#ffef9d;color:#4f4700}
.badge-critical{background:#fedad9;color:#8e0b21}
.attempt-codes{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.data-table form{margin:0}
.form-row{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:0 0 12px}
.form-row label{display:flex;flex-direction:column;gap:4px;font-weight:550;color:#303030}
.field{font:inherit;min-height:32px;padding:4px 8px;border-radius:8px;border:1px solid #8a8a8a;background:#fff}
.field-qty{width:72px}
.notice-error{background:#fedad9;color:#8e0b21}
.card + .card{margin-top:16px}
.notice{margin:0 0 16px;padding:12px 16px;border-radius:12px;background:#e0f0ff;color:#00527c}
.card dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0 0 16px}
.card dt{color:#616161}
.card dd{margin:0;word-break:break-word}
.message{margin-top:16px}
.message dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0 0 12px}
.message dt{color:#616161}
.message dd{margin:0;word-break:break-word}
.message iframe{display:block;width:100%;height:480px;border:1px solid #e3e3e3;border-radius:8px;background:#fff}
.message pre{white-space:pre-wrap;word-break:break-word;margin:0;padding:12px;background:#f7f7f7;border-radius:8px;font-size:12px}
.message details{margin-top:12px}

/* A modal in the app dims the admin around it (the app dims its own frame). */
.dim{position:fixed;inset:0 0 auto 0;height:56px;background:rgba(0,0,0,.5);z-index:40}
.dim-side{position:fixed;top:56px;bottom:0;left:0;width:240px;background:rgba(0,0,0,.5);z-index:40}

/* Toasts: bottom centre, dark, as in the admin. */
.toasts{position:fixed;left:50%;bottom:24px;transform:translateX(-50%);display:flex;flex-direction:column-reverse;align-items:center;gap:8px;z-index:50;pointer-events:none}
.toast{pointer-events:auto;display:flex;align-items:center;gap:12px;max-width:min(480px,calc(100vw - 32px));padding:10px 12px 10px 16px;border-radius:12px;background:#1a1a1a;color:#fff;font-size:13px;font-weight:550;box-shadow:0 8px 16px -4px rgba(0,0,0,.3);animation:toast-in .2s ease-out}
.toast.error{background:#8e1f0b}
.toast button{background:none;border:0;color:#fff;cursor:pointer;padding:2px 6px;border-radius:6px}
.toast .toast-action{text-decoration:underline;font-weight:650}
.toast button:hover{background:rgba(255,255,255,.15)}
@keyframes toast-in{from{transform:translateY(12px);opacity:0}to{transform:none;opacity:1}}

/* Narrow windows: the sidebar slides over the page from a menu button. */
.scrim{display:none}
@media (max-width:768px){
  .menu-toggle{display:inline-flex}
  .brand{min-width:0}
  .brand small{display:none}
  .sidebar{position:fixed;top:56px;bottom:0;left:0;z-index:35;transform:translateX(-100%);transition:transform .2s;box-shadow:4px 0 16px rgba(0,0,0,.2);border-radius:0}
  body.nav-open .sidebar{transform:none}
  body.nav-open .scrim{display:block;position:fixed;inset:56px 0 0 0;background:rgba(0,0,0,.4);z-index:34}
  .titlebar{padding:8px 12px}
  .dim-side{display:none}
}
@media (max-width:600px){
  .search{display:none}
  .account-name{display:none}
  .savebar{padding:0 12px}
  .savebar-label{font-size:13px}
}
`;

function sidebar(chrome: AdminChrome, appNavPlaceholder: boolean): string {
  const storeBase = `/store/${encodeURIComponent(chrome.shopHandle)}`;
  const builtIns = BUILT_IN_SECTIONS.map((section) => {
    const current = chrome.current === section.id ? ' aria-current="page"' : "";
    if (section.live) return `<li><a class="nav-item" href="${storeBase}${section.path}"${current}>${icon(section.id)}<span>${section.label}</span></a></li>`;
    // The devstore does not imitate the other sections: they are shown greyed, for orientation, and go nowhere.
    return `<li><a class="nav-item disabled" href="${storeBase}${section.path}" title="Not part of the local Shopify"${current}>${icon(section.id)}<span>${section.label}</span></a></li>`;
  }).join("");
  const appCurrent = chrome.current === "app" ? ' aria-current="page"' : "";
  return `<nav id="sidebar" class="sidebar" aria-label="Admin navigation">
  <ul>${builtIns}</ul>
  <a class="nav-section nav-section-link" href="${storeBase}/settings/apps"${chrome.current === "apps" ? ' aria-current="page"' : ""}>${icon("apps")}<span>Apps</span></a>
  <ul>
    <li>
      <a class="nav-item" id="app-home-link" href="${escapeHtml(chrome.appBasePath)}"${appCurrent}><span class="app-icon" aria-hidden="true">${escapeHtml(initials(chrome.appName).slice(0, 1))}</span><span>${escapeHtml(chrome.appName)}</span></a>
      ${appNavPlaceholder ? '<ul class="app-subnav" id="app-nav" aria-label="' + escapeHtml(chrome.appName) + ' navigation"></ul>' : ""}
    </li>
  </ul>
  <div class="sidebar-footer">
    Logged in as ${escapeHtml(chrome.staffName)} ·
    <form method="post" action="/logout"><button class="link-button" type="submit">Log out</button></form>
  </div>
</nav>`;
}

function topbar(chrome: AdminChrome): string {
  return `<header class="topbar">
  <button class="menu-toggle" type="button" id="menu-toggle" aria-controls="sidebar" aria-expanded="false">${icon("menu")}<span class="visually-hidden">Navigation</span></button>
  <a class="brand" href="/">${icon("bag")}<span>devstore <small>local Shopify</small></span></a>
  <div class="search" aria-hidden="true">${icon("search")}<span>Search</span><kbd>⌘ K</kbd></div>
  <div class="account"><span class="avatar" aria-hidden="true">${escapeHtml(initials(chrome.shopName))}</span><span class="account-name">${escapeHtml(chrome.shopName)}</span></div>
  <div class="savebar" id="savebar" role="region" aria-label="Unsaved changes" hidden>
    <span class="savebar-label">Unsaved changes</span>
    <span class="savebar-actions"><button type="button" class="btn btn-dark" id="savebar-discard">Discard</button><button type="button" class="btn" id="savebar-save">Save</button></span>
  </div>
</header>`;
}

function documentShell(title: string, body: string, bodyClass = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="${FAVICON}">
<title>${escapeHtml(title)}</title>
<style>${STYLES}</style>
</head>
<body${bodyClass ? ` class="${bodyClass}"` : ""}>
${body}
</body>
</html>`;
}

export interface AppPageModel {
  chrome: AdminChrome;
  iframeSrc: string;
  /** Everything admin-shell.js needs; rendered as inert JSON. */
  shellConfig: Record<string, unknown>;
}

export function renderAppPage(model: AppPageModel): string {
  const { chrome } = model;
  return documentShell(
    `${chrome.appName} · ${chrome.shopName} · devstore`,
    `${topbar(chrome)}
<div class="layout">
${sidebar(chrome, true)}
<div class="scrim" id="scrim"></div>
<main class="main">
  <div class="titlebar">
    <div class="titlebar-heading" id="titlebar-heading"><span class="app-icon" aria-hidden="true">${escapeHtml(initials(chrome.appName).slice(0, 1))}</span><h1 id="app-title">${escapeHtml(chrome.appName)}</h1></div>
    <div class="titlebar-actions" id="titlebar-actions"></div>
  </div>
  <div class="frame">
    <div class="loading-bar" id="loading-bar" hidden></div>
    <iframe id="app-iframe" name="app-iframe" title="${escapeHtml(chrome.appName)}" src="${escapeHtml(model.iframeSrc)}" allow="clipboard-read; clipboard-write"></iframe>
  </div>
</main>
</div>
<div class="dim" id="dim-top" hidden></div><div class="dim-side" id="dim-side" hidden></div>
<div class="toasts" id="toasts" role="status" aria-live="polite"></div>
<script type="application/json" id="devstore-shell-config">${jsonForScript(model.shellConfig)}</script>
<script src="/devstore/admin-shell.js"></script>`,
  );
}

export function renderPlaceholderPage(chrome: AdminChrome, sectionLabel: string): string {
  return documentShell(
    `${sectionLabel} · ${chrome.shopName} · devstore`,
    `${topbar(chrome)}
<div class="layout">
${sidebar(chrome, false)}
<div class="scrim" id="scrim"></div>
<main class="main">
  <div class="titlebar"><div class="titlebar-heading"><h1>${escapeHtml(sectionLabel)}</h1></div></div>
  <div class="page"><div class="card">
    <h2>${escapeHtml(sectionLabel)} is not part of the local Shopify</h2>
    <p>The devstore imitates what ${escapeHtml(chrome.appName)} talks to: the admin frame around the app, session tokens, the Admin GraphQL API and webhooks. Manage ${escapeHtml(chrome.shopName)}'s data through the devstore's own tools instead.</p>
    <p><a class="btn btn-primary" href="${escapeHtml(chrome.appBasePath)}">Open ${escapeHtml(chrome.appName)}</a></p>
  </div></div>
</main>
</div>
<script type="application/json" id="devstore-shell-config">{}</script>
<script src="/devstore/admin-shell.js"></script>`,
  );
}

const SIMPLE_PAGE_STYLE = `body.simple{background:#f1f1f1;display:grid;place-items:center;min-height:100%;padding:16px}
.simple .card{width:100%;max-width:440px;padding:24px}
.simple h1{margin:0 0 4px;font-size:20px;line-height:28px}
.simple .muted{color:#616161;margin:0 0 16px}
.simple ul{padding-left:18px;margin:0 0 16px}
.simple .btn{min-height:36px;padding:8px 16px;font-size:13px;text-decoration:none}
.simple .brand-line{display:flex;align-items:center;gap:8px;margin-bottom:16px;color:#303030;font-weight:650}
.simple .brand-line .icon{color:#5e8e3e;width:24px;height:24px}`;

function simplePage(title: string, inner: string): string {
  return documentShell(
    title,
    `<style>${SIMPLE_PAGE_STYLE}</style><div class="card"><div class="brand-line">${icon("bag")}devstore · local Shopify</div>${inner}</div>`,
    "simple",
  );
}

export function renderLandingPage(input: {
  shopName: string;
  shopDomain: string;
  appName: string;
  appBasePath: string;
  appUrl: string;
  /** The online store (devstore/storefront), e.g. http://127.0.0.1:4000/. */
  storefrontUrl?: string;
}): string {
  return simplePage(
    "devstore · local Shopify",
    `<h1>${escapeHtml(input.shopName)}</h1>
<p class="muted">${escapeHtml(input.shopDomain)}: a development store on this machine, standing in for Shopify.</p>
<ul>
  <li>Installed app: <strong>${escapeHtml(input.appName)}</strong>, served through its tunnel at <code>${escapeHtml(input.appUrl)}</code></li>
  ${input.storefrontUrl ? `<li>Online store: <a href="${escapeHtml(input.storefrontUrl)}">${escapeHtml(input.storefrontUrl)}</a></li>` : ""}
</ul>
<a class="btn btn-primary" href="${escapeHtml(input.appBasePath)}">Open ${escapeHtml(input.appName)} in the local admin</a>`,
  );
}

export function renderLoginPage(input: { shopName: string; staffName: string; staffEmail: string; returnTo: string }): string {
  return simplePage(
    "Log in · devstore",
    `<h1>Log in</h1>
<p class="muted">to continue to ${escapeHtml(input.shopName)}</p>
<form method="post" action="/login">
  <input type="hidden" name="return_to" value="${escapeHtml(input.returnTo)}">
  <p>The store has one staff account: <strong>${escapeHtml(input.staffName)}</strong> (${escapeHtml(input.staffEmail)}), the account owner.</p>
  <button class="btn btn-primary" type="submit">Continue as ${escapeHtml(input.staffName)}</button>
</form>`,
  );
}

export function renderNotFoundPage(message: string): string {
  return simplePage("Not found · devstore", `<h1>Not found</h1><p class="muted">${escapeHtml(message)}</p><a class="btn" href="/">Back to the store</a>`);
}

/** One row of the discounts page, already worded for people. */
export interface DiscountRow {
  code: string;
  title: string;
  value: string;
  status: "ACTIVE" | "EXPIRED" | "SCHEDULED";
  startsAt: string;
  endsAt: string | null;
  usageLimit: number | null;
  usageCount: number;
  appliesOncePerCustomer: boolean;
  combinesWith: { orderDiscounts: boolean; productDiscounts: boolean; shippingDiscounts: boolean };
}

export function sectionPage(chrome: AdminChrome, title: string, inner: string): string {
  return documentShell(
    `${title} · ${chrome.shopName} · devstore`,
    `${topbar(chrome)}
<div class="layout">
${sidebar(chrome, false)}
<div class="scrim" id="scrim"></div>
<main class="main" style="overflow-y:auto">
  <div class="titlebar"><div class="titlebar-heading"><h1>${escapeHtml(title)}</h1></div></div>
  <div class="page page-wide">${inner}</div>
</main>
</div>
<script type="application/json" id="devstore-shell-config">{}</script>
<script src="/devstore/admin-shell.js"></script>`,
  );
}

const STATUS_BADGE: Record<DiscountRow["status"], string> = { ACTIVE: "badge-success", SCHEDULED: "badge-info", EXPIRED: "" };

/** A timestamp as the admin shows it, in UTC so pages and tests agree whatever the machine's zone. */
export function formatTime(iso: string | null): string {
  if (iso === null) return "—";
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function renderDiscountsPage(chrome: AdminChrome, rows: readonly DiscountRow[]): string {
  const combines = (row: DiscountRow): string => {
    const classes = [
      row.combinesWith.orderDiscounts ? "Order" : null,
      row.combinesWith.productDiscounts ? "Product" : null,
      row.combinesWith.shippingDiscounts ? "Shipping" : null,
    ].filter((name) => name !== null);
    return classes.length > 0 ? classes.join(", ") : '<span class="muted">None</span>';
  };
  const body =
    rows.length === 0
      ? '<div class="empty">No discount codes yet. Codes the app creates through the Admin API (discountCodeBasicCreate) appear here.</div>'
      : `<div class="table-scroll"><table class="data-table" id="discounts-table">
<thead><tr><th>Code</th><th>Title</th><th>Value</th><th>Status</th><th>Starts</th><th>Ends</th><th>Used / limit</th><th>Once per customer</th><th>Combines with</th></tr></thead>
<tbody>${rows
          .map(
            (row) => `<tr data-code="${escapeHtml(row.code)}">
<td class="code">${escapeHtml(row.code)}</td>
<td>${escapeHtml(row.title)}</td>
<td>${escapeHtml(row.value)}</td>
<td><span class="badge ${STATUS_BADGE[row.status]}">${row.status.charAt(0)}${row.status.slice(1).toLowerCase()}</span></td>
<td>${escapeHtml(formatTime(row.startsAt))}</td>
<td>${escapeHtml(formatTime(row.endsAt))}</td>
<td>${row.usageCount} / ${row.usageLimit === null ? "no limit" : String(row.usageLimit)}</td>
<td>${row.appliesOncePerCustomer ? "Yes" : "No"}</td>
<td>${combines(row)}</td>
</tr>`,
          )
          .join("")}</tbody></table></div>`;
  return sectionPage(
    chrome,
    "Discounts",
    `<div class="card card-flush"><div class="card-header"><h2>Discount codes</h2><span class="muted">${rows.length} code${rows.length === 1 ? "" : "s"}</span></div>${body}</div>`,
  );
}

/** A received message as the mail page shows it. */
export interface MailView {
  id: number;
  from: string;
  to: readonly string[];
  subject: string;
  text: string | null;
  html: string | null;
  date: string;
}

export function renderMailPage(chrome: AdminChrome, messages: readonly MailView[], selected: MailView | null, mailBasePath: string, smtpHint: string): string {
  const list =
    messages.length === 0
      ? `<div class="empty">No mail yet. Point the app's SMTP at ${escapeHtml(smtpHint)}; every message it sends lands here.</div>`
      : `<div class="table-scroll"><table class="data-table" id="mail-table">
<thead><tr><th>Received</th><th>From</th><th>To</th><th>Subject</th></tr></thead>
<tbody>${messages
          .map(
            (message) => `<tr${selected?.id === message.id ? ' aria-current="true"' : ""}>
<td class="muted">${escapeHtml(formatTime(message.date))}</td>
<td>${escapeHtml(message.from)}</td>
<td>${escapeHtml(message.to.join(", "))}</td>
<td><a href="${escapeHtml(`${mailBasePath}/${message.id}`)}">${escapeHtml(message.subject || "(no subject)")}</a></td>
</tr>`,
          )
          .join("")}</tbody></table></div>`;
  const reader = selected ? renderMessage(selected) : "";
  return sectionPage(
    chrome,
    "Mail (local)",
    `<div class="card card-flush"><div class="card-header"><h2>Received mail</h2><span class="muted">Kept on this machine, never delivered · newest first</span></div>${list}</div>${reader}`,
  );
}

function renderMessage(message: MailView): string {
  // The message's HTML is someone else's markup: an iframe with an empty sandbox runs no script, submits no form
  // and cannot reach this page; srcdoc keeps it off the network, and the page's CSP still applies inside it.
  const body =
    message.html !== null
      ? `<iframe id="mail-html" title="Message body" sandbox="" referrerpolicy="no-referrer" srcdoc="${escapeHtml(message.html)}"></iframe>${
          message.text !== null ? `<details><summary>Plain text</summary><pre>${escapeHtml(message.text)}</pre></details>` : ""
        }`
      : `<pre id="mail-text">${escapeHtml(message.text ?? "")}</pre>`;
  // The HTML body's sandbox keeps its links from opening anything, so the message's links are listed here too.
  const links = listLinks(message.text ?? "");
  const linkList = links.length
    ? `<h3>Links in this message</h3><ul id="mail-links">${links.map((link) => `<li><a href="${escapeHtml(link)}" rel="noreferrer">${escapeHtml(link)}</a></li>`).join("")}</ul>`
    : "";
  return `<div class="card message" id="mail-message">
<h2>${escapeHtml(message.subject || "(no subject)")}</h2>
<dl><dt>From</dt><dd>${escapeHtml(message.from)}</dd><dt>To</dt><dd>${escapeHtml(message.to.join(", "))}</dd><dt>Date</dt><dd>${escapeHtml(formatTime(message.date))}</dd></dl>
${body}${linkList}
</div>`;
}

/** One delivery on the webhooks page. */
export interface WebhookRow {
  id: number;
  topic: string;
  url: string;
  webhookId: string;
  triggeredAt: string;
  status: "pending" | "delivered" | "failed";
  attempts: readonly { status: number | null; error: string | null; trigger: string }[];
  nextAttemptAt: string | null;
}

const DELIVERY_BADGE: Record<WebhookRow["status"], string> = { delivered: "badge-success", pending: "badge-attention", failed: "badge-critical" };

/** "500 → 500 → 200", a timeout or refused connection as "no answer", a chaos duplicate marked "(dup)". */
function describeAttempts(attempts: WebhookRow["attempts"]): string {
  if (attempts.length === 0) return "none yet";
  return attempts
    .map((attempt) => `${attempt.status === null ? "no answer" : String(attempt.status)}${attempt.trigger === "duplicate" ? " (dup)" : attempt.trigger === "redeliver" ? " (manual)" : ""}`)
    .join(" → ");
}

export function renderWebhooksPage(chrome: AdminChrome, rows: readonly WebhookRow[], basePath: string, subscribedTopics: readonly string[] | null): string {
  const intro =
    subscribedTopics === null
      ? '<p class="notice">Webhook delivery is off in this devstore.</p>'
      : `<p class="muted" style="margin:0 0 12px">Sent to the app as Shopify sends them (signed, retried 8 times over about 4 hours). Subscribed in shopify.app.toml: ${escapeHtml(subscribedTopics.join(", ") || "nothing")}.</p>`;
  const list =
    rows.length === 0
      ? '<div class="empty">No webhooks sent yet. Uninstalling the app, changing its scopes, or POST /__devstore/webhooks/send sends one.</div>'
      : `<div class="table-scroll"><table class="data-table" id="webhooks-table">
<thead><tr><th>Triggered</th><th>Topic</th><th>Status</th><th>Attempts</th><th>Next attempt</th><th>Webhook id</th><th></th></tr></thead>
<tbody>${rows
          .map((row) => {
            const lastError = [...row.attempts].reverse().find((attempt) => attempt.error !== null)?.error ?? "";
            return `<tr data-delivery-id="${row.id}" data-topic="${escapeHtml(row.topic)}">
<td class="muted">${escapeHtml(formatTime(row.triggeredAt))}</td>
<td><span class="code">${escapeHtml(row.topic)}</span><br><span class="muted">${escapeHtml(row.url)}</span></td>
<td><span class="badge ${DELIVERY_BADGE[row.status]}">${row.status.charAt(0).toUpperCase()}${row.status.slice(1)}</span></td>
<td class="attempt-codes"${lastError ? ` title="${escapeHtml(lastError)}"` : ""}>${escapeHtml(describeAttempts(row.attempts))}</td>
<td class="muted">${escapeHtml(row.nextAttemptAt === null ? "—" : formatTime(row.nextAttemptAt))}</td>
<td class="muted code">${escapeHtml(row.webhookId.slice(0, 8))}…</td>
<td><form method="post" action="${escapeHtml(`${basePath}/${row.id}/redeliver`)}"><button class="btn" type="submit">Redeliver</button></form></td>
</tr>`;
          })
          .join("")}</tbody></table></div>`;
  return sectionPage(
    chrome,
    "Webhooks (local)",
    `${intro}<div class="card card-flush"><div class="card-header"><h2>Deliveries</h2><span class="muted">${rows.length} kept · newest first</span></div>${list}</div>`,
  );
}

export interface AppsPageModel {
  appName: string;
  apiKey: string;
  installation: { scopes: readonly string[]; installedAt: string; tokens: number } | null;
  uninstallAction: string;
  notice: string | null;
}

export function renderAppsPage(chrome: AdminChrome, model: AppsPageModel): string {
  const notice = model.notice ? `<p class="notice" role="status">${escapeHtml(model.notice)}</p>` : "";
  const body = model.installation
    ? `<dl>
<dt>Client ID</dt><dd class="code">${escapeHtml(model.apiKey)}</dd>
<dt>Installed</dt><dd>${escapeHtml(formatTime(model.installation.installedAt))}</dd>
<dt>Access scopes</dt><dd>${escapeHtml(model.installation.scopes.join(", "))}</dd>
<dt>Active tokens</dt><dd>${model.installation.tokens}</dd>
</dl>
<form method="post" action="${escapeHtml(model.uninstallAction)}"><button class="btn btn-critical" type="submit" id="uninstall-app">Uninstall app</button></form>
<p class="muted" style="margin-top:8px">Revokes the app's access tokens at once and sends it <span class="code">app/uninstalled</span>. Opening the app again installs it afresh.</p>`
    : `<p>${escapeHtml(model.appName)} is not installed. Opening it installs it (the first token exchange), as a managed install does.</p>
<p><a class="btn btn-primary" href="${escapeHtml(chrome.appBasePath)}">Open ${escapeHtml(model.appName)}</a></p>`;
  return sectionPage(chrome, "Apps", `${notice}<div class="card" id="app-card"><h2>${escapeHtml(model.appName)}</h2>${body}</div>`);
}
