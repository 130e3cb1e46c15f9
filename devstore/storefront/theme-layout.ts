/**
 * The devstore's theme: one layout (header with the shop's name, cart count and account link, the consent banner,
 * `content_for_layout`, footer) and its pages. Server-rendered HTML, inline CSS, no external assets, readable on a
 * phone. `window.Shopify` carries what theme app extensions read: shop, locale, currency and routes.root.
 */
import { escapeHtml, jsonForScript } from "../shell/admin-pages.ts";

export const FEATURES_SCRIPT_PATH = "/cdn/shopifycloud/storefront/features.js";

export interface ThemeLayoutModel {
  title: string;
  /** The page's HTML (Shopify's content_for_layout). */
  content: string;
  shopName: string;
  shop: string;
  currency: string;
  locale: string;
  routesRoot: string;
  customerName: string | null;
  cartCount: number;
  /** The enabled app embeds' HTML, placed before </body> as Shopify places body-target embeds. */
  appEmbeds: string;
}

const STYLES = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;color:#1f2328;background:#fff;line-height:1.5}
a{color:#1f4e79}
.wrap{max-width:1040px;margin:0 auto;padding:0 16px}
header.site{border-bottom:1px solid #e4e4e4}
header.site .wrap{display:flex;align-items:center;gap:16px;min-height:60px;flex-wrap:wrap}
header.site .logo{font-weight:700;font-size:20px;text-decoration:none;color:#111;margin-right:auto}
header.site nav{display:flex;gap:16px}
main{padding:24px 0 48px}
h1{font-size:28px;line-height:1.2;margin:0 0 16px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:20px;padding:0;list-style:none}
.card{text-decoration:none;color:inherit;display:block}
.card img,.product img{width:100%;height:auto;border-radius:8px;background:#f4f4f4;aspect-ratio:1/1;object-fit:cover}
.price{font-weight:600}
.product{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:32px}
@media (max-width:700px){.product{grid-template-columns:1fr}}
button,.button{font:inherit;display:inline-block;padding:10px 18px;border-radius:6px;border:1px solid #111;background:#111;color:#fff;cursor:pointer;text-decoration:none}
.button.secondary,button.secondary{background:#fff;color:#111}
input,select{font:inherit;padding:8px 10px;border:1px solid #bbb;border-radius:6px;max-width:100%}
label{display:block;margin:12px 0 4px;font-weight:600}
table{width:100%;border-collapse:collapse}
td,th{padding:8px 4px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
.notice{padding:10px 14px;border-radius:6px;background:#eef6ee;border:1px solid #b7dcb7;margin:12px 0}
.error{padding:10px 14px;border-radius:6px;background:#fdeeee;border:1px solid #f0b4b4;margin:12px 0}
footer.site{border-top:1px solid #e4e4e4;padding:24px 0;color:#666;font-size:14px}
#shopify-pc__banner{position:fixed;left:12px;right:12px;bottom:12px;max-width:560px;margin:0 auto;background:#fff;border:1px solid #ccc;border-radius:10px;padding:16px;box-shadow:0 6px 24px rgba(0,0,0,.15);z-index:10}
#shopify-pc__banner p{margin:0 0 12px}
[hidden]{display:none!important}`;

export function renderThemeLayout(model: ThemeLayoutModel): string {
  const root = model.routesRoot;
  const shopifyGlobals = {
    shop: model.shop,
    locale: model.locale,
    currency: { active: model.currency, rate: "1.0" },
    country: "US",
    routes: { root },
  };
  return `<!doctype html>
<html lang="${escapeHtml(model.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(model.title)} · ${escapeHtml(model.shopName)}</title>
<style>${STYLES}</style>
<script>window.Shopify=Object.assign(window.Shopify||{},${jsonForScript(shopifyGlobals)});</script>
<script src="${FEATURES_SCRIPT_PATH}"></script>
</head>
<body>
<header class="site"><div class="wrap">
<a class="logo" href="${escapeHtml(root)}">${escapeHtml(model.shopName)}</a>
<nav>
<a href="${escapeHtml(root)}collections/all">Shop</a>
<a href="${escapeHtml(root)}account${model.customerName ? "" : "/login"}">${model.customerName ? escapeHtml(model.customerName) : "Log in"}</a>
<a href="${escapeHtml(root)}cart" id="cart-link">Cart (<span id="cart-count">${model.cartCount}</span>)</a>
</nav>
</div></header>
<main><div class="wrap">
${model.content}
</div></main>
<footer class="site"><div class="wrap">${escapeHtml(model.shopName)} · a development store on the local Shopify (devstore)</div></footer>
<div id="shopify-pc__banner" role="dialog" aria-label="Cookie consent" hidden>
<p>We use cookies to remember your cart and, with your consent, for analytics and marketing.</p>
<button type="button" id="shopify-pc__banner__btn-accept">Accept</button>
<button type="button" class="secondary" id="shopify-pc__banner__btn-decline">Decline</button>
</div>
${model.appEmbeds}
</body>
</html>`;
}
