/**
 * A tiny app stand-in for webhook tests: an HTTP server on a free 127.0.0.1 port that records every POST with its
 * headers and raw body, checks the HMAC with the app secret (constant-time, as the Shopify library does) and answers
 * with the statuses a test queues (200 once the queue is empty).
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  hmacValid: boolean;
  /** What the receiver answered. */
  answered: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The next answers, in order: a status, or "hang" to answer only after `hangMs`. */
  answerWith(...answers: (number | "hang")[]): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(apiSecret: string, hangMs = 1_000): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const answers: (number | "hang")[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const answer = answers.shift() ?? 200;
      const status = answer === "hang" ? 200 : answer;
      received.push({
        path: request.url ?? "",
        headers: request.headers,
        body: raw.toString("utf8"),
        hmacValid: verifyHmac(raw, request.headers["x-shopify-hmac-sha256"], apiSecret),
        answered: status,
      });
      const reply = (): void => void response.writeHead(status, { "Content-Type": "text/plain" }).end("ok");
      if (answer === "hang") setTimeout(reply, hangMs);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answerWith: (...next) => void answers.push(...next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function verifyHmac(body: Buffer, header: string | string[] | undefined, apiSecret: string): boolean {
  if (typeof header !== "string") return false;
  const expected = createHmac("sha256", apiSecret).update(body).digest();
  const given = Buffer.from(header, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected);
}
