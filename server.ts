/**
 * The production server: `node server.ts [build/server/index.js]` (`npm start`; Node 22 runs this TypeScript as is).
 *
 * remix-serve's setup (compression, immutable /assets, public/, a request log, Remix's handler), shaped for what a
 * webhook burst needs. Shopify fires webhooks in bursts (a flash sale is hundreds of orders a second) and waits for
 * each answer, retrying after five seconds:
 * - POST /webhooks/<topic> goes straight to that route module's own `action`, ahead of Express's middleware and
 *   Remix's router. The action is unchanged: it authenticates the delivery through `authenticate.webhook` and
 *   stores it in the inbox. Only the per-request machinery a page needs is skipped. A body over
 *   MAX_WEBHOOK_BODY_BYTES (1 MiB) is answered 413 without being read (server/answer-webhook.ts).
 * - On PostgreSQL the background jobs (the inbox's processor, outbound webhooks, commission approval) run in a
 *   child process at a lower CPU priority (nice 10), so when the machine is busy the kernel serves the answers
 *   first and processing catches up in the lulls. The web process tells it when deliveries arrive. The embedded
 *   database (PGlite) can be opened by one process only, so there one process does both.
 * One web process: on this two-core class of machine a second one cost more CPU per request than it added
 * (tools/bench/webhooks.ts measures it). Scale out with more instances; they share the database safely.
 */
import { fork, type ChildProcess } from "node:child_process";
import { createServer } from "node:http";
import { setPriority } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { EventEmitter } from "node:events";
import { createRequestHandler } from "@remix-run/express";
import type { ActionFunction, ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { answerWebhook } from "./server/answer-webhook.ts";
import { createAccessLog } from "./app/security/access-log.server.ts";

process.env.NODE_ENV ??= "production";
const JOBS_FLAG = "--background-jobs";
const KICK_MESSAGE = "webhook-arrived";
/** Longer than an event's handler may take (HANDLER_TIMEOUT_MS in app/webhooks/process-webhook-events.server.ts). */
const JOBS_STOP_GRACE_MS = 12_000;
const buildPath = path.resolve(process.argv[2] ?? "build/server/index.js");
const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
/** Exported by app/entry.server.tsx. */
const app = build.entry.module as unknown as {
  startBackgroundJobs: () => () => Promise<void>;
  kickWebhookWorker: () => void;
  webhookArrivals: EventEmitter<{ arrived: [] }>;
};

if (process.argv.includes(JOBS_FLAG)) runJobsProcess();
else startWebServer(startJobs());

/** The jobs process: runs the jobs until told to stop, processing soon after the web process reports deliveries. */
function runJobsProcess() {
  const stop = app.startBackgroundJobs();
  process.on("message", (message) => {
    if (message === KICK_MESSAGE) app.kickWebhookWorker();
  });
  // Stopping finishes the event under way and hands back the claimed ones not started, so another process takes
  // them at once instead of after their lease; at most JOBS_STOP_GRACE_MS, then work under way is rolled back with
  // its connection and claimed again after its lease: nothing is lost either way.
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => process.exit(0), JOBS_STOP_GRACE_MS);
    void stop().finally(() => {
      clearTimeout(deadline);
      process.exit(0);
    });
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, shutdown);
  // The web process is gone (killed without a chance to stop this one): nobody is left to answer, so stop too.
  process.once("disconnect", shutdown);
}

/** Where the background jobs run: a niced child process on PostgreSQL (restarted if it dies), else this process. */
function startJobs(): () => Promise<void> {
  if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) return app.startBackgroundJobs();
  let stopping = false;
  let child: ChildProcess;
  const spawn = () => {
    child = fork(fileURLToPath(import.meta.url), [buildPath, JOBS_FLAG], { stdio: "inherit" });
    if (child.pid !== undefined) setPriority(child.pid, 10);
    child.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(`[affable] the background jobs' process exited (${signal ?? `code ${code}`}); starting it again in 5 s.`);
      setTimeout(spawn, 5_000).unref();
    });
  };
  spawn();
  app.webhookArrivals.on("arrived", () => {
    if (child.connected) child.send(KICK_MESSAGE);
  });
  // The child stops itself gracefully (runJobsProcess); this process need not wait for it.
  return async () => {
    stopping = true;
    child.kill("SIGTERM");
  };
}

function startWebServer(stopJobs: () => Promise<void>) {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;

  /** "/webhooks/orders/paid" → that route module's action (app/routes/webhooks.orders.paid.tsx), one per topic. */
  const webhookActions = new Map<string, ActionFunction>();
  for (const route of Object.values(build.routes)) {
    if (route?.path?.startsWith("webhooks/") && route.module.action) webhookActions.set(`/${route.path}`, route.module.action);
  }

  const pages = express();
  pages.disable("x-powered-by");
  pages.use(compression());
  pages.use(build.publicPath, express.static(build.assetsBuildDirectory, { immutable: true, maxAge: "1y" }));
  pages.use(express.static("public", { maxAge: "1h" }));
  // Access log with credentials in query strings (id_token, hmac, signature, token, s…) redacted.
  pages.use(createAccessLog());
  pages.all("*", createRequestHandler({ build, mode: process.env.NODE_ENV }));

  const server = createServer((request, response) => {
    const action = request.method === "POST" ? webhookActions.get(request.url?.split("?", 1)[0] ?? "") : undefined;
    if (action) void answerWebhook(action, request, response);
    else pages(request, response);
  });
  const onListen = () => console.log(`[affable] listening on http://${host ?? "localhost"}:${port} (pid ${process.pid})`);
  if (host) server.listen(port, host, onListen);
  else server.listen(port, onListen);

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      // Requests in flight finish; idle keep-alive connections would hold the close open. Then the jobs stop
      // (those in this process finish the event under way, at most JOBS_STOP_GRACE_MS).
      server.close(() => {
        const deadline = setTimeout(() => process.exit(0), JOBS_STOP_GRACE_MS);
        void stopJobs().finally(() => {
          clearTimeout(deadline);
          process.exit(0);
        });
      });
      server.closeIdleConnections();
    });
  }
}
