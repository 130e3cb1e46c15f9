/**
 * The webhook fast path over real HTTP: answerWebhook behind node:http on an ephemeral port, as server.ts mounts it.
 * The route's action is a stand-in that records what reached it (the action's own checks are tested with the routes).
 */
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionFunction } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { answerWebhook, MAX_WEBHOOK_BODY_BYTES } from "./answer-webhook";

let server: Server;
let port: number;
let reached: string[] = [];

const action: ActionFunction = async ({ request }) => {
  reached.push(await request.text());
  return new Response("Received", { status: 200 });
};

beforeAll(async () => {
  server = createServer((request, response) => void answerWebhook(action, request, response));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  reached = [];
});

/**
 * POSTs `size` bytes in 64 KiB chunks (with a Content-Length, or chunked) and keeps writing after the answer, as a
 * careless client would. Resolves with the answer, how many bytes had been written when it arrived, and whether the
 * server took the whole body (it did not if it closed the connection first).
 */
function post(size: number, { chunked = false } = {}): Promise<{ status: number; body: string; sentBeforeAnswer: number; serverTookEverything: boolean }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let sentBeforeAnswer = -1;
    let answer: { status: number; body: string } | null = null;
    let writing: "yes" | "finished" | "cut off" = "yes";
    const settle = () => {
      if (answer && writing !== "yes") resolve({ ...answer, sentBeforeAnswer, serverTookEverything: writing === "finished" });
    };
    const client = httpRequest({
      host: "127.0.0.1",
      port,
      method: "POST",
      path: "/webhooks/orders/paid",
      headers: { "Content-Type": "application/json", ...(chunked ? {} : { "Content-Length": String(size) }) },
    });
    client.on("response", (response) => {
      sentBeforeAnswer = sent;
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (body += chunk));
      response.on("end", () => {
        answer = { status: response.statusCode ?? 0, body };
        settle();
      });
      response.on("error", () => {
        answer ??= { status: response.statusCode ?? 0, body };
        settle();
      });
    });
    // The server closing the connection while the client still writes is the point, not a failure.
    client.on("error", (error) => {
      if (sentBeforeAnswer < 0) return reject(error);
      writing = "cut off";
      settle();
    });
    client.on("finish", () => {
      writing = "finished";
      settle();
    });
    const chunk = Buffer.alloc(64 * 1024, "a");
    const writeMore = () => {
      while (writing === "yes" && sent < size) {
        const piece = chunk.subarray(0, Math.min(chunk.length, size - sent));
        sent += piece.length;
        if (!client.write(piece)) return void client.once("drain", writeMore);
      }
      if (writing === "yes") client.end();
    };
    writeMore();
  });
}

describe("answerWebhook body cap", () => {
  it("is 1 MiB", () => {
    expect(MAX_WEBHOOK_BODY_BYTES).toBe(1024 * 1024);
  });

  it("hands a body up to the cap to the action intact", async () => {
    const answer = await post(MAX_WEBHOOK_BODY_BYTES);
    expect(answer).toMatchObject({ status: 200, body: "Received" });
    expect(reached).toHaveLength(1);
    expect(reached[0]).toHaveLength(MAX_WEBHOOK_BODY_BYTES);
  });

  it("answers 413 to a declared Content-Length over the cap before reading the body, and never calls the action", async () => {
    const answer = await post(64 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/1048576 bytes/);
    expect(reached).toEqual([]);
    // Answered long before 64 MiB were sent, and the connection closed: the server neither waited for nor read the rest.
    expect(answer.sentBeforeAnswer).toBeLessThan(16 * 1024 * 1024);
    expect(answer.serverTookEverything).toBe(false);
  });

  it("answers 413 to a chunked body once it passes the cap, without reading the rest", async () => {
    const answer = await post(64 * 1024 * 1024, { chunked: true });
    expect(answer.status).toBe(413);
    expect(reached).toEqual([]);
    expect(answer.sentBeforeAnswer).toBeLessThan(16 * 1024 * 1024);
    expect(answer.serverTookEverything).toBe(false);
  });
});
