/**
 * The production server's answer to POST /webhooks/<topic> (server.ts): the delivery goes straight to that route
 * module's `action`, ahead of Express's middleware and Remix's router.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActionFunction } from "@remix-run/node";

/**
 * The largest webhook body read, in bytes (1 MiB). The body is read BEFORE the HMAC check (the library needs all of
 * it), so anyone could otherwise make the server buffer a body of any size. A real order webhook is tens of
 * kilobytes (a line item with its price sets, tax lines, discount allocations and properties is 2-3 KB in Shopify's
 * REST shape), so 1 MiB leaves room for an order of several hundred lines. A bigger one is answered 413 at once,
 * without reading the rest, and logged, so an operator can see a real delivery that hit the cap.
 */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export async function answerWebhook(action: ActionFunction, request: IncomingMessage, response: ServerResponse) {
  try {
    const rawBody = await readBodyUpTo(request, MAX_WEBHOOK_BODY_BYTES);
    if (rawBody === null) return refuseTooLarge(request, response);
    const headers = new Headers();
    for (let index = 0; index < request.rawHeaders.length; index += 2) headers.append(request.rawHeaders[index]!, request.rawHeaders[index + 1]!);
    const url = `http://${request.headers.host ?? "localhost"}${request.url}`;
    const webRequest = new Request(url, { method: "POST", headers, body: rawBody });
    let answer: Response;
    try {
      answer = (await action({ request: webRequest, params: {}, context: {} })) as Response;
    } catch (thrown) {
      // Remix's convention, which the library follows too: a thrown Response is the answer (401 for a bad HMAC).
      if (!(thrown instanceof Response)) throw thrown;
      answer = thrown;
    }
    const body = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(body);
    // Every delivery is in the inbox (Sync health); the log gets the ones Shopify will see refused.
    if (answer.status >= 300) console.log(`POST ${request.url} ${answer.status} ${body.toString("utf8").slice(0, 200)}`);
  } catch (error) {
    // Shopify retries a 500; the delivery was not stored, so nothing is lost or doubled.
    console.error(`POST ${request.url} failed; Shopify will retry it.`, error);
    if (!response.headersSent) response.writeHead(500, { "Content-Type": "text/plain" });
    response.end("Unexpected server error");
  }
}

/** The body, or null as soon as it is known to be larger than `limit` bytes (then the rest is left unread). */
function readBodyUpTo(request: IncomingMessage, limit: number): Promise<Buffer<ArrayBuffer> | null> {
  if (Number(request.headers["content-length"]) > limit) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      request.off("data", onData).off("end", onEnd).off("error", onError);
      request.pause();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      resolve(null);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    request.on("data", onData).on("end", onEnd).on("error", onError);
  });
}

/** 413, then the connection is closed: what is still on its way is never read. */
function refuseTooLarge(request: IncomingMessage, response: ServerResponse) {
  const message = `The body is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes, the most Affable reads for a webhook.`;
  response.writeHead(413, { "Content-Type": "text/plain", Connection: "close" });
  response.end(message, () => request.socket.destroy());
  console.log(`POST ${request.url} 413 ${message}`);
}
