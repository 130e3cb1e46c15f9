/**
 * The tunnel: the app's public origin, as the Cloudflare tunnel that `shopify app dev` creates.
 *
 * Shopify admin loads an embedded app from the app's public URL (`application_url`), never from localhost:3000, and
 * the Shopify CLI gets that URL from a Cloudflare quick tunnel that reverse-proxies to the local dev server. This
 * module plays the tunnel: every request (any method, streamed bodies, headers and their order preserved,
 * `X-Forwarded-*` added, WebSocket upgrades passed through for Vite HMR) goes to the app unchanged, and every
 * response comes back unchanged, with one exception described at `allowLocalAdminToFrame`.
 */
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";

export interface TunnelOptions {
  /** Port to listen on (0 picks a free one). The tunnel listens on 127.0.0.1 only. */
  port: number;
  /** Where the app itself listens, e.g. `http://127.0.0.1:3000`. */
  appOrigin: string;
  /** The local admin's origin (e.g. `http://localhost:4000`): the one stand-in for https://admin.shopify.com. */
  adminOrigin: string;
  /** Called with one line per upstream failure; defaults to console.error. */
  log?: (line: string) => void;
}

export interface Tunnel {
  /** The app's public origin, e.g. `http://127.0.0.1:4001` (what the app gets as SHOPIFY_APP_URL). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Shopify admin lives at https://admin.shopify.com, and the Shopify library lets exactly that origin (and the shop's
 * own domain) frame the app: for embedded document responses it sends
 * `Content-Security-Policy: frame-ancestors https://{shop} https://admin.shopify.com https://*.spin.dev …;`
 * (`addDocumentResponseHeaders` in @shopify/shopify-app-remix). The local admin plays admin.shopify.com on another
 * origin, so the browser would refuse to show the app in its iframe. Rewriting the header here, at the network edge,
 * keeps the app's own code and the library untouched: wherever the app allows `https://admin.shopify.com` to frame
 * it, the local admin origin is allowed too. A policy that does not name admin.shopify.com (e.g. the
 * `frame-ancestors 'none'` of a non-embedded app) is left exactly as it is, so the rewrite never widens what the app
 * itself refused. Pure: returns the header value to send.
 */
export function allowLocalAdminToFrame(csp: string, adminOrigin: string): string {
  const origin = new URL(adminOrigin).origin;
  return csp.replace(/(^|;)(\s*frame-ancestors)([^;]*)/gi, (directive, separator: string, name: string, sources: string) => {
    const tokens = sources.trim().split(/\s+/).filter(Boolean);
    const allowsShopifyAdmin = tokens.some((token) => token.toLowerCase() === "https://admin.shopify.com");
    const alreadyAllowed = tokens.some((token) => token.toLowerCase() === origin.toLowerCase());
    if (!allowsShopifyAdmin || alreadyAllowed) return directive;
    const trailing = /\s*$/.exec(sources)?.[0] ?? "";
    return `${separator}${name}${sources.trimEnd()} ${origin}${trailing}`;
  });
}

/** Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection and are never forwarded by a proxy. */
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

/** Raw header pairs without hop-by-hop ones (including any the Connection header names). */
function endToEndHeaders(rawHeaders: readonly string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === "connection") {
      for (const token of (rawHeaders[i + 1] ?? "").split(",")) named.add(token.trim().toLowerCase());
    }
  }
  const kept: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? "";
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    kept.push(name, rawHeaders[i + 1] ?? "");
  }
  return kept;
}

/** X-Forwarded-* as a Cloudflare tunnel adds them (the client address is appended to any existing chain). */
function withForwardedHeaders(rawHeaders: readonly string[], request: http.IncomingMessage, port: number): string[] {
  const forwardedFor: string[] = [];
  const kept: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const lower = (rawHeaders[i] ?? "").toLowerCase();
    if (lower === "x-forwarded-for") forwardedFor.push(rawHeaders[i + 1] ?? "");
    else if (lower === "x-forwarded-host" || lower === "x-forwarded-proto" || lower === "x-forwarded-port") continue;
    else kept.push(rawHeaders[i] ?? "", rawHeaders[i + 1] ?? "");
  }
  forwardedFor.push(request.socket.remoteAddress ?? "127.0.0.1");
  kept.push("X-Forwarded-For", forwardedFor.join(", "));
  kept.push("X-Forwarded-Host", request.headers.host ?? `127.0.0.1:${port}`);
  kept.push("X-Forwarded-Proto", "http");
  kept.push("X-Forwarded-Port", String(port));
  return kept;
}

function rewriteResponseHeaders(rawHeaders: readonly string[], adminOrigin: string): string[] {
  const kept = endToEndHeaders(rawHeaders);
  for (let i = 0; i < kept.length; i += 2) {
    if (kept[i]?.toLowerCase() === "content-security-policy") {
      kept[i + 1] = allowLocalAdminToFrame(kept[i + 1] ?? "", adminOrigin);
    }
  }
  return kept;
}

export async function startTunnel(options: TunnelOptions): Promise<Tunnel> {
  const target = new URL(options.appOrigin);
  if (target.protocol !== "http:") throw new Error(`The tunnel forwards to an http:// app; got ${options.appOrigin}`);
  const targetPort = Number(target.port || 80);
  const log = options.log ?? ((line: string) => console.error(line));
  const agent = new http.Agent({ keepAlive: true });
  const upgradedSockets = new Set<Duplex>();
  let listeningPort = options.port;

  const server = http.createServer((request, response) => {
    let clientGone = false;
    const upstream = http.request({
      agent,
      host: target.hostname,
      port: targetPort,
      method: request.method,
      path: request.url,
      // An array keeps every header, its spelling and its order, as a tunnel does.
      headers: withForwardedHeaders(endToEndHeaders(request.rawHeaders), request, listeningPort),
    });
    upstream.on("response", (upstreamResponse) => {
      response.writeHead(
        upstreamResponse.statusCode ?? 502,
        upstreamResponse.statusMessage,
        rewriteResponseHeaders(upstreamResponse.rawHeaders, options.adminOrigin),
      );
      // Stream as it arrives (Remix defers, server-sent events): no buffering.
      response.flushHeaders();
      upstreamResponse.pipe(response);
      upstreamResponse.on("error", () => response.destroy());
    });
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      if (clientGone) return;
      log(`tunnel: ${request.method} ${request.url} → ${target.origin} failed: ${error.code ?? error.message}`);
      if (response.headersSent) {
        response.destroy(error);
        return;
      }
      response.writeHead(502, { "Content-Type": "text/plain; charset=utf-8" });
      response.end(
        `The tunnel could not reach the app at ${target.origin} (${error.code ?? error.message}).\n` +
          "Is the app running? Start it with `npm run dev` (or `npm run demo`), then reload.\n",
      );
    });
    // If the browser goes away (closed tab, aborted fetch), stop the upstream request too.
    response.on("close", () => {
      if (response.writableFinished) return;
      clientGone = true;
      upstream.destroy();
    });
    request.pipe(upstream);
  });

  // WebSocket (and any other) upgrades: replay the request head to the app and splice the two sockets together.
  server.on("upgrade", (request: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    upgradedSockets.add(socket);
    const upstream = net.connect({ host: target.hostname, port: targetPort });
    upgradedSockets.add(upstream);
    const forget = () => {
      upgradedSockets.delete(socket);
      upgradedSockets.delete(upstream);
    };
    upstream.on("connect", () => {
      const headers = withForwardedHeaders(request.rawHeaders, request, listeningPort);
      const lines = [`${request.method} ${request.url} HTTP/${request.httpVersion}`];
      for (let i = 0; i < headers.length; i += 2) lines.push(`${headers[i]}: ${headers[i + 1]}`);
      upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      socket.pipe(upstream).pipe(socket);
    });
    upstream.on("error", (error: NodeJS.ErrnoException) => {
      log(`tunnel: upgrade ${request.url} → ${target.origin} failed: ${error.code ?? error.message}`);
      socket.destroy();
    });
    socket.on("error", () => upstream.destroy());
    upstream.on("close", () => {
      socket.destroy();
      forget();
    });
    socket.on("close", () => {
      upstream.destroy();
      forget();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  listeningPort = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${listeningPort}`,
    port: listeningPort,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of upgradedSockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
