import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import db from "./db.server";
import { env } from "./env.server";
import { startApprovalJob } from "./jobs/start-approval-job.server";
import { addDocumentResponseHeaders } from "./shopify.server";
import { startOutboundWebhookWorker } from "./outbound-webhooks/start-outbound-webhook-worker.server";
import { startWebhookWorker } from "./webhooks/start-webhook-worker.server";

// The webhook inbox's processor runs in the server process from boot (once, even across hot reloads).
startWebhookWorker(db);
// Sends the merchant's outbound webhooks (app/outbound-webhooks), retrying with backoff.
startOutboundWebhookWorker(db);
// Approves pending commissions whose holding period has passed (hourly by default).
startApprovalJob(db);

export const streamTimeout = 5000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
) {
  // Shopify's document headers: the frame-ancestors CSP that lets only this shop's admin frame the app.
  addDocumentResponseHeaders(request, responseHeaders);
  // The library always preloads App Bridge from Shopify's CDN; preload the script AppProvider really loads.
  const appBridgeUrl = env().APP_BRIDGE_URL;
  if (appBridgeUrl && responseHeaders.has("Link")) {
    responseHeaders.set("Link", `<${appBridgeUrl}>; rel="preload"; as="script";`);
  }
  const callbackName = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} />, {
      [callbackName]: () => {
        const body = new PassThrough();
        responseHeaders.set("Content-Type", "text/html");
        resolve(
          new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }),
        );
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        console.error(error);
      },
    });
    setTimeout(abort, streamTimeout + 1000);
  });
}
