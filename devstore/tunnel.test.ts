import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allowLocalAdminToFrame, startTunnel, type Tunnel } from "./tunnel.ts";

const ADMIN = "http://localhost:4000";
/** Exactly what @shopify/shopify-app-remix's addDocumentResponseHeaders sends for an embedded app. */
const LIBRARY_CSP =
  "frame-ancestors https://affable-demo.myshopify.com https://admin.shopify.com https://*.spin.dev https://admin.myshopify.io https://admin.shop.dev;";

describe("allowLocalAdminToFrame", () => {
  it("adds the local admin wherever the app lets admin.shopify.com frame it", () => {
    expect(allowLocalAdminToFrame(LIBRARY_CSP, ADMIN)).toBe(
      "frame-ancestors https://affable-demo.myshopify.com https://admin.shopify.com https://*.spin.dev https://admin.myshopify.io https://admin.shop.dev http://localhost:4000;",
    );
  });

  it("leaves the other directives and their order alone", () => {
    const csp = "default-src 'self'; frame-ancestors https://admin.shopify.com; img-src *";
    expect(allowLocalAdminToFrame(csp, ADMIN)).toBe(
      "default-src 'self'; frame-ancestors https://admin.shopify.com http://localhost:4000; img-src *",
    );
  });

  it("never widens a policy that does not admit Shopify admin (a non-embedded app's 'none')", () => {
    expect(allowLocalAdminToFrame("frame-ancestors 'none';", ADMIN)).toBe("frame-ancestors 'none';");
    expect(allowLocalAdminToFrame("frame-ancestors 'self' https://example.com", ADMIN)).toBe(
      "frame-ancestors 'self' https://example.com",
    );
    expect(allowLocalAdminToFrame("default-src 'self'", ADMIN)).toBe("default-src 'self'");
  });

  it("is idempotent and case-insensitive about directive names", () => {
    const once = allowLocalAdminToFrame(LIBRARY_CSP, ADMIN);
    expect(allowLocalAdminToFrame(once, ADMIN)).toBe(once);
    expect(allowLocalAdminToFrame("Frame-Ancestors https://admin.shopify.com", `${ADMIN}/ignored/path`)).toBe(
      "Frame-Ancestors https://admin.shopify.com http://localhost:4000",
    );
  });
});

describe("startTunnel", () => {
  let app: http.Server;
  let tunnel: Tunnel;
  let appPort: number;

  beforeAll(async () => {
    app = http.createServer((request, response) => {
      if (request.url === "/page") {
        response.setHeader("Content-Security-Policy", LIBRARY_CSP);
        response.setHeader("Set-Cookie", ["a=1; Path=/", "b=2; Path=/"]);
        response.setHeader("X-Custom", "kept");
        response.end("<p>page</p>");
        return;
      }
      if (request.url === "/echo") {
        const chunks: Buffer[] = [];
        request.on("data", (chunk: Buffer) => chunks.push(chunk));
        request.on("end", () => {
          response.setHeader("Content-Type", "application/json");
          response.end(
            JSON.stringify({
              method: request.method,
              url: request.url,
              headers: request.headers,
              body: Buffer.concat(chunks).toString(),
            }),
          );
        });
        return;
      }
      if (request.url === "/stream") {
        // Two chunks with a pause: the tunnel must deliver the first before the second exists.
        response.writeHead(200, { "Content-Type": "text/plain" });
        response.write("first\n");
        setTimeout(() => response.end("second\n"), 300);
        return;
      }
      response.writeHead(404).end();
    });
    app.on("upgrade", (request, socket) => {
      socket.write("HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n");
      socket.write(`forwarded-for=${request.headers["x-forwarded-for"]}\n`);
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    appPort = (app.address() as AddressInfo).port;
    tunnel = await startTunnel({ port: 0, appOrigin: `http://127.0.0.1:${appPort}`, adminOrigin: ADMIN, log: () => {} });
  });

  afterAll(async () => {
    await tunnel.close();
    await new Promise<void>((resolve) => app.close(() => resolve()));
  });

  it("rewrites only frame-ancestors; every other header comes back as the app sent it", async () => {
    const response = await fetch(`${tunnel.url}/page`);
    expect(response.headers.get("content-security-policy")).toBe(allowLocalAdminToFrame(LIBRARY_CSP, ADMIN));
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/"]);
    expect(response.headers.get("x-custom")).toBe("kept");
    expect(await response.text()).toBe("<p>page</p>");
  });

  it("forwards method, path, query, headers and body, and adds X-Forwarded-*", async () => {
    const response = await fetch(`${tunnel.url}/echo`, {
      method: "PUT",
      headers: { Authorization: "Bearer abc", "Content-Type": "text/plain" },
      body: "hello body",
    });
    const echo = (await response.json()) as { method: string; headers: Record<string, string>; body: string };
    expect(echo.method).toBe("PUT");
    expect(echo.body).toBe("hello body");
    expect(echo.headers.authorization).toBe("Bearer abc");
    expect(echo.headers.host).toBe(`127.0.0.1:${tunnel.port}`);
    expect(echo.headers["x-forwarded-host"]).toBe(`127.0.0.1:${tunnel.port}`);
    expect(echo.headers["x-forwarded-proto"]).toBe("http");
    expect(echo.headers["x-forwarded-for"]).toMatch(/127\.0\.0\.1/);
  });

  it("streams responses as they arrive", async () => {
    const started = Date.now();
    const response = await fetch(`${tunnel.url}/stream`);
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toBe("first\n");
    expect(Date.now() - started).toBeLessThan(250);
    let rest = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += new TextDecoder().decode(chunk.value);
    expect(rest).toBe("second\n");
  });

  it("passes upgrades (WebSockets for Vite HMR) through in both directions", async () => {
    const { socket, head } = await new Promise<{ socket: import("node:stream").Duplex; head: Buffer }>((resolve, reject) => {
      const request = http.request({ port: tunnel.port, host: "127.0.0.1", path: "/hmr", headers: { Connection: "Upgrade", Upgrade: "echo" } });
      request.on("upgrade", (_response, upgraded, upgradeHead) => resolve({ socket: upgraded, head: upgradeHead }));
      request.on("error", reject);
      request.end();
    });
    const received = new Promise<string>((resolve) => {
      let text = head.toString();
      socket.on("data", (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes("ping")) resolve(text);
      });
    });
    socket.write("ping");
    const text = await received;
    expect(text).toMatch(/forwarded-for=127\.0\.0\.1/);
    expect(text).toMatch(/ping/);
    socket.destroy();
  });

  it("answers 502 with what to do when the app is not running", async () => {
    const idle = http.createServer();
    await new Promise<void>((resolve) => idle.listen(0, "127.0.0.1", resolve));
    const deadPort = (idle.address() as AddressInfo).port;
    await new Promise<void>((resolve) => idle.close(() => resolve()));
    const lonely = await startTunnel({ port: 0, appOrigin: `http://127.0.0.1:${deadPort}`, adminOrigin: ADMIN, log: () => {} });
    try {
      const response = await fetch(`${lonely.url}/anything`);
      expect(response.status).toBe(502);
      expect(await response.text()).toMatch(/Is the app running\?/);
    } finally {
      await lonely.close();
    }
  });
});
