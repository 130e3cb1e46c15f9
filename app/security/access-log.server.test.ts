import { once } from "node:events";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import express from "express";
import { afterEach, describe, expect, it } from "vitest";
import { createAccessLog, redactUrlForLog } from "./access-log.server";

describe("redactUrlForLog", () => {
  it.each([
    { url: "/apps/affable/portal?s=eyJhbGciOi.payload.sig", logged: "/apps/affable/portal?s=[redacted]" },
    { url: "/app?embedded=1&host=abc&id_token=eyJ.tok.en&shop=a.myshopify.com", logged: "/app?embedded=1&host=abc&id_token=[redacted]&shop=a.myshopify.com" },
    { url: "/proxy/portal/sign-in?token=abc123&signature=ff00&logged_in_customer_id=42", logged: "/proxy/portal/sign-in?token=[redacted]&signature=[redacted]&logged_in_customer_id=42" },
    { url: "/auth/callback?code=c0de&hmac=beef&state=st&session=x&portal_session=y", logged: "/auth/callback?code=[redacted]&hmac=[redacted]&state=[redacted]&session=[redacted]&portal_session=[redacted]" },
    { url: "/api/v1/x?access_token=a&api_key=b&ID_TOKEN=c", logged: "/api/v1/x?access_token=[redacted]&api_key=[redacted]&ID_TOKEN=[redacted]" },
    { url: "/app/creators?page=2&q=amelia", logged: "/app/creators?page=2&q=amelia" },
    { url: "/healthz", logged: "/healthz" },
    { url: "/x?s=1&s=2", logged: "/x?s=[redacted]&s=[redacted]" },
    { url: "/x?%73=encoded-s", logged: "/x?%73=[redacted]" },
  ])("$url", ({ url, logged }) => expect(redactUrlForLog(url)).toBe(logged));
});

describe("createAccessLog", () => {
  let server: Server | null = null;
  afterEach(() => server?.close());

  it("writes one line per request with credentials in the query string redacted", async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(chunk.toString()), done()) });
    const app = express();
    app.use(createAccessLog(stream));
    app.get("*", (_request, response) => void response.send("ok"));
    server = createServer(app).listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/apps/affable/portal?s=SESSION-SECRET&page=2`);
    await fetch(`http://127.0.0.1:${port}/app?id_token=ID-TOKEN-SECRET&shop=a.myshopify.com`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const log = lines.join("");
    expect(log).toContain("GET /apps/affable/portal?s=[redacted]&page=2 200");
    expect(log).toContain("GET /app?id_token=[redacted]&shop=a.myshopify.com 200");
    expect(log).not.toContain("SESSION-SECRET");
    expect(log).not.toContain("ID-TOKEN-SECRET");
  });
});
