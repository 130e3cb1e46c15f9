/**
 * The devstore's mail catcher: a real SMTP server on 127.0.0.1 that accepts any message (no auth, no relaying,
 * nothing leaves the machine), parses it with mailparser and keeps it in the state's `mail` collection, newest
 * first, the last MAX_KEPT only. The app sends its mail here in development and tests (SMTP_URL=smtp://127.0.0.1:4025);
 * people read it at /store/{handle}/mail, tests at GET /__devstore/mail.
 */
import type { AddressInfo } from "node:net";
import type { Readable } from "node:stream";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { allocateId } from "../state/allocate-id.ts";
import type { MailMessageRecord } from "../state/state-schema.ts";
import type { StateStore } from "../state/state-store.ts";

export const DEFAULT_SMTP_PORT = 4025;
/** Messages kept; older ones are dropped as new ones arrive. */
export const MAX_KEPT = 200;
/** Refuse messages over 10 MB, as a small relay would: mail from the app is text and links. */
export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface SmtpCatcherOptions {
  /** 0 picks a free port. */
  port: number;
  state: StateStore;
  now: () => Date;
  log?: (line: string) => void;
}

export interface SmtpCatcher {
  port: number;
  close(): Promise<void>;
}

export async function startSmtpCatcher(options: SmtpCatcherOptions): Promise<SmtpCatcher> {
  const log = options.log ?? ((line: string) => console.log(line));
  const server = new SMTPServer({
    name: "devstore.local",
    banner: "devstore mail catcher (local Shopify); mail is kept, never delivered",
    // No login needed; a client configured with a user and password is let in with any.
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? "devstore" }),
    // Plain SMTP on loopback: STARTTLS would make clients verify a certificate nobody issued.
    disabledCommands: ["STARTTLS"],
    size: MAX_MESSAGE_BYTES,
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      readMessage(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) {
            const error = Object.assign(new Error(`Message exceeds the ${MAX_MESSAGE_BYTES} byte limit`), { responseCode: 552 });
            callback(error);
            return;
          }
          const message = await parseMessage(raw, options.now());
          options.state.update((draft) => {
            draft.mail = [{ ...message, id: allocateId(draft) }, ...draft.mail].slice(0, MAX_KEPT);
          });
          callback();
        })
        .catch((error: unknown) => {
          log(`[devstore] The mail catcher could not store a message: ${error instanceof Error ? error.message : String(error)}`);
          callback(error instanceof Error ? error : new Error(String(error)));
        });
    },
  });

  const port = await new Promise<number>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`Port ${options.port} on 127.0.0.1 is in use: stop the other devstore, or set DEVSTORE_SMTP_PORT to a free port.`)
          : error,
      );
    };
    server.once("error", onError);
    const listening = server.listen(options.port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve((listening.address() as AddressInfo).port);
    });
  });
  // After start-up, a broken connection is logged, not fatal.
  server.on("error", (error: Error) => log(`[devstore] Mail catcher: ${error.message}`));

  return {
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readMessage(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.once("end", () => resolve(Buffer.concat(chunks)));
    stream.once("error", reject);
  });
}

async function parseMessage(raw: Buffer, receivedAt: Date): Promise<Omit<MailMessageRecord, "id">> {
  const parsed = await simpleParser(raw);
  return {
    messageId: parsed.messageId ?? null,
    from: addresses(parsed.from).join(", "),
    to: addresses(parsed.to),
    replyTo: addresses(parsed.replyTo).join(", ") || null,
    subject: parsed.subject ?? "",
    text: parsed.text ?? null,
    html: typeof parsed.html === "string" ? parsed.html : null,
    date: (parsed.date ?? receivedAt).toISOString(),
    receivedAt: receivedAt.toISOString(),
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  if (!field) return [];
  const objects = Array.isArray(field) ? field : [field];
  return objects.flatMap((object) => object.value.map((address) => (address.name ? `${address.name} <${address.address ?? ""}>` : (address.address ?? ""))));
}
