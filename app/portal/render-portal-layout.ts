import { escapeHtml } from "../html/escape-html";

/** Where the portal lives on the storefront and who is looking at it; every link a page renders comes from here. */
export interface PortalFrame {
  /** The proxy's storefront path prefix as Shopify sent it (path_prefix), e.g. "/apps/affable". */
  readonly prefix: string;
  readonly shopName: string;
  /**
   * How the visitor is signed in: "session" after an email sign-in (the page offers "Sign out"), "customer" through
   * the store's customer account, "none" on sign-in and message pages.
   */
  readonly signedIn?: "session" | "customer" | "none";
  /** A session just started by an email sign-in: handed once to the portal's script, which keeps it in localStorage. */
  readonly newSession?: string;
  /**
   * Set on the sign-in page a portal page shows to a visitor the server does not recognise: the portal's script then
   * asks for the same page again with the session kept in the browser, if there is one.
   */
  readonly resumeSession?: boolean;
  /**
   * The browser's `affable_device` id, handed to the portal's script at sign-in, which (re)writes it as a first-party
   * cookie for 400 days and posts it with the next sign-in (a risk signal: creator-portal-sessions.server.ts).
   */
  readonly deviceId?: string;
}

export const PORTAL_PAGES = [
  { page: "", label: "Overview" },
  { page: "links", label: "Links & codes" },
  { page: "orders", label: "Orders" },
  { page: "payouts", label: "Payouts" },
  { page: "payout-details", label: "Payout details" },
  { page: "tax", label: "Tax details" },
  { page: "assets", label: "Marketing assets" },
] as const;

export type PortalPage = (typeof PORTAL_PAGES)[number]["page"];

/**
 * A portal URL on the storefront. It never carries a session: URLs reach access logs, browser history, Referer and the
 * theme's analytics, so the portal's script presents the session in a POST body instead (PORTAL_SCRIPT).
 */
export function buildPortalHref(frame: PortalFrame, page: string, query: Record<string, string> = {}): string {
  const search = new URLSearchParams(query).toString();
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
.affable-portal input,.affable-portal textarea,.affable-portal select{width:100%;max-width:480px;box-sizing:border-box;padding:8px;font:inherit}
.affable-portal fieldset{border:1px solid rgba(127,127,127,.35);border-radius:8px;padding:8px 16px;margin:12px 0;max-width:480px}
.affable-portal .affable-choice{margin:8px 0}
.affable-portal .affable-choice input{width:auto;margin:0 8px 0 0}
.affable-portal .affable-choice label{display:inline;margin:0}
.affable-portal .affable-choice .affable-muted{display:block;margin-left:24px}
.affable-portal .affable-certification{max-width:640px;white-space:normal}
.affable-portal .affable-statement div{display:flex;flex-wrap:wrap;gap:4px 12px;margin:4px 0}
.affable-portal .affable-statement dt{font-weight:bold;min-width:120px}
.affable-portal .affable-statement dd{margin:0}
.affable-portal .affable-error{color:#b42318}
.affable-portal .affable-inline{display:inline}
.affable-portal .affable-link-button{background:none;border:0;padding:0;font:inherit;color:inherit;text-decoration:underline;cursor:pointer}
.affable-portal.affable-loading>*{visibility:hidden}
</style>`;

// The portal's one script, inline (no external script; no braces pairs, Shopify renders the page as Liquid):
// - copy buttons (a button without clipboard access leaves the text to select);
// - the email sign-in session: a session the server just started (data-affable-new-session) goes to localStorage and
//   the address bar loses the sign-in token (history.replaceState); forms marked data-affable-session-form get the
//   stored session as a hidden field; on a page the server showed as signed out (data-affable-resume) the script
//   asks for the same page by POST with the stored session and puts the answer in place, so a reload, a bookmark or
//   a return visit stays signed in without the session ever being in a URL. "Sign out" forgets it here and the
//   server revokes it.
// - the device id (risk signals, Part 8): Shopify's app proxy strips Set-Cookie and Cookie, so the app cannot set
//   an HttpOnly cookie; the script writes the id the server handed over (data-affable-device) as the first-party
//   cookie affable_device (400 days, SameSite=Lax, Secure on https, Path=/) and adds it to the sign-in form
//   (data-affable-device-form) as a hidden field, so the next sign-in from this browser names the same device.
const PORTAL_SCRIPT = `<script>
(function(){var K="affable-portal-session",st=null;try{st=window.localStorage}catch(x){}
document.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest("[data-affable-copy]");if(!b)return;
var t=b.getAttribute("data-affable-copy");if(navigator.clipboard){navigator.clipboard.writeText(t).then(function(){b.textContent="Copied"})}});
var root=document.querySelector("[data-affable-portal]");if(!root)return;
if(/[?&](token|s)=/.test(location.search))history.replaceState(null,"",location.pathname);
var D="affable_device",dv=root.getAttribute("data-affable-device");
if(dv){document.cookie=D+"="+dv+"; Max-Age=34560000; Path=/; SameSite=Lax"+(location.protocol==="https:"?"; Secure":"");root.removeAttribute("data-affable-device")}
document.addEventListener("submit",function(e){var f=e.target;if(!f.hasAttribute||!f.hasAttribute("data-affable-device-form"))return;
var m=document.cookie.match(/(?:^|; )affable_device=([A-Za-z0-9_-]+)/);if(m){var i=document.createElement("input");i.type="hidden";i.name=D;i.value=m[1];f.appendChild(i)}});
if(!st)return;
var fresh=root.getAttribute("data-affable-new-session");
if(fresh){st.setItem(K,fresh);root.removeAttribute("data-affable-new-session");history.replaceState(null,"",root.getAttribute("data-affable-home")||location.pathname)}
document.addEventListener("submit",function(e){var f=e.target;if(!f.hasAttribute||!f.hasAttribute("data-affable-session-form"))return;
var s=st.getItem(K);if(s){var i=document.createElement("input");i.type="hidden";i.name="portal_session";i.value=s;f.appendChild(i)}
if(f.hasAttribute("data-affable-sign-out"))st.removeItem(K)});
var s=st.getItem(K);if(!s||!root.hasAttribute("data-affable-resume"))return;
root.classList.add("affable-loading");root.setAttribute("aria-busy","true");
var done=function(){root.classList.remove("affable-loading");root.removeAttribute("aria-busy")};
var body=new URLSearchParams();body.set("portal_session",s);
fetch(location.pathname,{method:"POST",body:body,credentials:"same-origin",referrerPolicy:"no-referrer"}).then(function(r){
if(r.status===401)st.removeItem(K);return r.text()}).then(function(html){
var n=new DOMParser().parseFromString(html,"text/html").querySelector("[data-affable-portal]");if(n){root.replaceWith(n)}else{done()}}).catch(done)})();
</script>`;

export function renderCopyable(text: string): string {
  const value = escapeHtml(text);
  return `<div class="affable-copy"><code>${value}</code><button type="button" class="button button--secondary" data-affable-copy="${value}">Copy</button></div>`;
}

export function renderPortalLayout(frame: PortalFrame, input: { current: PortalPage; creatorName: string; body: string }): string {
  const nav = PORTAL_PAGES.map(({ page, label }) => {
    const current = page === input.current ? ' aria-current="page"' : "";
    return `<a href="${escapeHtml(buildPortalHref(frame, page))}"${current}><span>${escapeHtml(label)}</span></a>`;
  }).join("");
  const signOut =
    frame.signedIn === "session"
      ? ` · <form method="post" action="${escapeHtml(`${frame.prefix}/portal/sign-out`)}" class="affable-inline" data-affable-session-form data-affable-sign-out>` +
        `<button type="submit" name="scope" value="this" class="affable-link-button">Sign out</button> · ` +
        `<button type="submit" name="scope" value="everywhere" class="affable-link-button">Sign out everywhere</button></form>`
      : "";
  return renderPortalShell(
    frame,
    `<h1>${escapeHtml(frame.shopName)} creators</h1>` +
      `<p class="affable-muted">Signed in as ${escapeHtml(input.creatorName)}${signOut}</p>` +
      `<nav aria-label="Creator portal">${nav}</nav>${input.body}`,
  );
}

/**
 * The portal's outer frame (every page): its styles, its script, and the data the script needs. The meta tag asks the
 * browser to send no Referer from portal pages (the response header says the same where the proxy passes it on).
 */
export function renderPortalShell(frame: PortalFrame, body: string): string {
  const attributes = [
    'class="affable-portal page-width"',
    "data-affable-portal",
    `data-affable-home="${escapeHtml(`${frame.prefix}/portal`)}"`,
    frame.signedIn === "session" || frame.signedIn === "customer" ? "data-affable-signed-in" : "",
    frame.resumeSession ? "data-affable-resume" : "",
    frame.newSession ? `data-affable-new-session="${escapeHtml(frame.newSession)}"` : "",
    frame.deviceId ? `data-affable-device="${escapeHtml(frame.deviceId)}"` : "",
  ].filter((attribute) => attribute !== "");
  return `<div ${attributes.join(" ")}><meta name="referrer" content="no-referrer">${STYLES}${body}</div>${PORTAL_SCRIPT}`;
}
