import { PassThrough } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import { RemixServer } from "@remix-run/react";
import { createReadableStreamFromReadable, type EntryContext } from "@remix-run/node";
import { isbot } from "isbot";
import { env } from "./env.server";
import { startBackgroundJobs } from "./jobs/start-background-jobs.server";
import { addDocumentResponseHeaders } from "./shopify.server";
import { kickWebhookWorker, webhookArrivals } from "./webhooks/start-webhook-worker.server";

// server.ts reaches these through the server build (build.entry.module): it decides where the jobs run.
export { kickWebhookWorker, startBackgroundJobs, webhookArrivals };
// `remix vite:dev` has no server.ts: the jobs run in the dev server's process (once, even across hot reloads).
if (import.meta.env.DEV) startBackgroundJobs();

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
