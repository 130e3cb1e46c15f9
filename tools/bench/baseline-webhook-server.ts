/**
 * The least a webhook receiver can do, as the benchmark's yardstick: verify Shopify's HMAC with the app secret
 * (constant-time), JSON.parse the body, INSERT one row into the same WebhookEvent table, answer 200. No framework,
 * no session lookup, no shape check. Run by tools/bench/webhooks.ts as a child process, like the app.
 *
 *   DATABASE_URL=postgres://… SHOPIFY_API_SECRET=… PORT=… node --import tsx tools/bench/baseline-webhook-server.ts
 */
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import pg from "pg";

const { DATABASE_URL: databaseUrl, SHOPIFY_API_SECRET: secret, PORT: port } = process.env;
if (!databaseUrl || !secret || !port) throw new Error("Set DATABASE_URL, SHOPIFY_API_SECRET and PORT.");
// The same pool size node-postgres gives the app through @prisma/adapter-pg (pg's default, 10).
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    void receive(request.headers, Buffer.concat(chunks)).then(
      (status) => response.writeHead(status).end(),
      (error: unknown) => {
        console.error(error);
        response.writeHead(500).end();
      },
    );
  });
});

async function receive(headers: Record<string, string | string[] | undefined>, body: Buffer): Promise<number> {
  const given = Buffer.from(String(headers["x-shopify-hmac-sha256"] ?? ""), "base64");
  const expected = createHmac("sha256", secret!).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 401;
  const payload: unknown = JSON.parse(body.toString("utf8"));
  const topicRaw = String(headers["x-shopify-topic"] ?? "");
  await pool.query(
    `INSERT INTO "WebhookEvent" ("id", "shop", "topic", "topicRaw", "webhookId", "eventId", "apiVersion", "receivedAt", "payload", "payloadHash", "status")
     VALUES ($1, $2, $3, $4, $5, $6, $7, now(), $8, $9, 'ignored') ON CONFLICT ("shop", "webhookId") DO NOTHING`,
    [
      randomUUID(),
      `baseline-${String(headers["x-shopify-shop-domain"] ?? "")}`,
      topicRaw.toUpperCase().replace(/\/|\./g, "_"),
      topicRaw,
      String(headers["x-shopify-webhook-id"] ?? ""),
      String(headers["x-shopify-event-id"] ?? ""),
      String(headers["x-shopify-api-version"] ?? ""),
      payload,
      createHash("sha256").update(body).digest("hex"),
    ],
  );
  return 200;
}

server.listen(Number(port), "127.0.0.1", () => console.log(`baseline webhook server on 127.0.0.1:${port}`));
const stop = () => server.close(() => void pool.end().then(() => process.exit(0)));
process.once("SIGTERM", stop);
process.once("SIGINT", stop);
