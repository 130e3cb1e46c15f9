/**
 * A tiny embedded app for testing the admin shell, the tunnel and the App Bridge stand-in without Remix: it answers
 * the way @shopify/shopify-app-remix does where it matters (the frame-ancestors CSP on documents, the bounce to
 * /auth/session-token when a document has embedded=1 but no id_token, 401 + X-Shopify-Retry-Invalid-Session-Request
 * for a bad bearer token) and records what it was sent, for the test to inspect.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { verifySessionToken, type AppCredentials, type SessionTokenClaims } from "../session-token.ts";

export interface FakeAppOptions {
  credentials: AppCredentials;
  shop: string;
  /** Read when a request arrives: the admin and tunnel start after the app. */
  adminOrigin: () => string;
  appUrl: () => string;
}

export interface FakeApp {
  port: number;
  origin: string;
  /** Bearer tokens the flaky endpoint saw, in order. */
  flakyTokens: string[];
  /** Paths of bounce pages served. */
  bounces: string[];
  close(): Promise<void>;
}

async function claimsOf(token: string | null, credentials: AppCredentials): Promise<SessionTokenClaims | null> {
  if (!token) return null;
  try {
    return await verifySessionToken(token, credentials);
  } catch {
    return null;
  }
}

function bearer(request: http.IncomingMessage): string | null {
  const match = /^Bearer (.+)$/.exec(request.headers.authorization ?? "");
  return match?.[1] ?? null;
}

export async function startFakeApp(options: FakeAppOptions): Promise<FakeApp> {
  const flakyTokens: string[] = [];
  const bounces: string[] = [];
  let flakyCalls = 0;
  const csp = `frame-ancestors https://${options.shop} https://admin.shopify.com https://*.spin.dev https://admin.myshopify.io https://admin.shop.dev;`;
  const appBridgeTag = () =>
    `<script data-api-key="${options.credentials.apiKey}" src="${options.adminOrigin()}/cdn/shopifycloud/app-bridge.js"></script>`;

  const server = http.createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? "/", "http://fake");
      const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        response.writeHead(status, { "Content-Type": "application/json", ...headers });
        response.end(JSON.stringify(body));
      };

      if (url.pathname === "/api/whoami") {
        const claims = await claimsOf(bearer(request), options.credentials);
        json(200, { authorization: request.headers.authorization ?? null, valid: claims !== null, sub: claims?.sub ?? null, dest: claims?.dest ?? null });
        return;
      }
      if (url.pathname === "/api/flaky") {
        // The first call is refused as if its token had expired; App Bridge must retry once with a fresh one.
        flakyCalls += 1;
        flakyTokens.push(bearer(request) ?? "");
        if (flakyCalls === 1) {
          response.writeHead(401, { "X-Shopify-Retry-Invalid-Session-Request": "1" });
          response.end();
          return;
        }
        const claims = await claimsOf(bearer(request), options.credentials);
        json(200, { valid: claims !== null, calls: flakyCalls });
        return;
      }
      if (url.pathname === "/api/reauthorize") {
        // What `redirect(url, { target: "_top" })` answers a fetcher with (redirect.mjs in the library).
        response.writeHead(401, {
          "X-Shopify-API-Request-Failure-Reauthorize-Url": "https://admin.shopify.com/store/affable-demo/apps/affable/app/settings?reauthorized=1",
        });
        response.end();
        return;
      }
      if (url.pathname === "/api/echo-cors") {
        json(200, { authorization: request.headers.authorization ?? null }, { "Access-Control-Allow-Origin": "*" });
        return;
      }
      if (url.pathname === "/auth/session-token") {
        // The library's bounce page: nothing but App Bridge (render-app-bridge.mjs).
        bounces.push(url.pathname + url.search);
        response.writeHead(200, { "Content-Type": "text/html;charset=utf-8", "Content-Security-Policy": csp });
        response.end(`\n      ${appBridgeTag()}\n    `);
        return;
      }
      if (url.pathname === "/" || url.pathname.startsWith("/app")) {
        if (url.searchParams.get("embedded") === "1" && !url.searchParams.get("id_token")) {
          // ensureSessionTokenSearchParamIfRequired → redirectToBouncePage, as in the library.
          url.searchParams.delete("id_token");
          url.searchParams.set("shopify-reload", `${options.appUrl()}${url.pathname}?${url.searchParams.toString()}`);
          response.writeHead(302, { Location: `/auth/session-token?${url.searchParams.toString()}` });
          response.end();
          return;
        }
        const claims = await claimsOf(url.searchParams.get("id_token"), options.credentials);
        response.writeHead(200, { "Content-Type": "text/html;charset=utf-8", "Content-Security-Policy": csp });
        response.end(renderPage(appBridgeTag(), url.pathname, claims));
        return;
      }
      response.writeHead(404).end();
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    flakyTokens,
    bounces,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function renderPage(appBridgeTag: string, path: string, claims: SessionTokenClaims | null): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Fake app</title>
<style>body{font-family:system-ui,sans-serif;margin:0;padding:24px;background:#f1f1f1}.card{background:#fff;border-radius:12px;padding:16px;max-width:640px}</style>
</head>
<body>
${appBridgeTag}
<ui-nav-menu>
  <a href="/app" rel="home">Dashboard</a>
  <a href="/app/creators">Creators</a>
  <a href="/app/settings">Settings</a>
</ui-nav-menu>
<ui-title-bar title="Dashboard">
  <button onclick="window.__exports = (window.__exports || 0) + 1">Export</button>
  <button variant="primary" onclick="window.__addCreator = (window.__addCreator || 0) + 1">Add creator</button>
</ui-title-bar>
<ui-save-bar id="creator-save-bar">
  <button variant="primary" onclick="window.__saves = (window.__saves || 0) + 1">Save</button>
  <button onclick="window.__discards = (window.__discards || 0) + 1">Discard</button>
</ui-save-bar>
<ui-modal id="payout-modal">
  <p id="modal-text">Pay 3 creators $120.00?</p>
  <ui-title-bar title="Confirm payout"><button variant="primary" onclick="window.__paid = true">Pay</button></ui-title-bar>
</ui-modal>
<main class="card">
  <h1 id="status" data-token-valid="${claims ? "yes" : "no"}" data-sub="${claims?.sub ?? ""}">Fake app at ${path}</h1>
  <p>Session token in the launch URL: ${claims ? `valid, for ${claims.dest}` : "missing or invalid"}.</p>
  <p>Current path: <code id="path">${path}</code></p>
</main>
<script>
  // What AppProvider does with the event (a client-side navigation), with a Remix-like pushState.
  window.__navigations = [];
  addEventListener("shopify:navigate", function (event) {
    var href = event.target.getAttribute("href");
    window.__navigations.push(href);
    history.pushState(null, "", href);
    document.getElementById("path").textContent = href;
    document.querySelector("ui-title-bar").setAttribute("title", event.target.textContent.trim());
  });
</script>
</body>
</html>`;
}
