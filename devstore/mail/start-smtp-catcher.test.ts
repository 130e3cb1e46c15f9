import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTransport } from "nodemailer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { SHOP_DOMAIN } from "../config.ts";
import { startDevstore } from "../server.ts";
import { shellRoutes } from "../shell/routes.ts";
import { openStateStore, type StateStore } from "../state/state-store.ts";
import { TEST_APP } from "../test-support/create-test-devstore.ts";
import { MAX_KEPT, startSmtpCatcher, type SmtpCatcher } from "./start-smtp-catcher.ts";

let directory: string;
let state: StateStore;
let catcher: SmtpCatcher | null = null;
beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), "devstore-mail-"));
  state = openStateStore({ file: path.join(directory, "state.json"), shopDomain: SHOP_DOMAIN });
});
afterEach(async () => {
  await catcher?.close();
  catcher = null;
  rmSync(directory, { recursive: true, force: true });
});

function transport(port: number) {
  return createTransport({ host: "127.0.0.1", port, secure: false, ignoreTLS: true });
}

describe("the SMTP catcher", () => {
  it("receives a message sent with nodemailer, parses it and keeps it in the state", async () => {
    catcher = await startSmtpCatcher({ port: 0, state, now: () => new Date("2026-11-23T12:00:00Z"), log: () => undefined });
    const info = await transport(catcher.port).sendMail({
      from: "Affable <hello@affable.example>",
      to: "maya@creators.example",
      subject: "Your creator code is ready",
      text: "Share MAYA15 with your followers.",
      html: "<p>Share <strong>MAYA15</strong> with your followers.</p><script>alert(1)</script>",
      date: new Date("2026-11-23T11:59:00Z"),
    });
    expect(info.accepted).toEqual(["maya@creators.example"]);

    const [message] = state.read().mail;
    expect(message).toMatchObject({
      from: "Affable <hello@affable.example>",
      to: ["maya@creators.example"],
      subject: "Your creator code is ready",
      text: "Share MAYA15 with your followers.",
      date: "2026-11-23T11:59:00.000Z",
      receivedAt: "2026-11-23T12:00:00.000Z",
    });
    expect(message?.html).toContain("<strong>MAYA15</strong>");
    expect(message?.messageId).toBe(info.messageId);
    // Persisted: a restart still has it.
    expect(openStateStore({ file: state.file, shopDomain: SHOP_DOMAIN }).read().mail).toHaveLength(1);

    // …and a person can read it in the admin: listed, then opened with its HTML in a sandboxed srcdoc iframe.
    const shell = shellRoutes({ shop: SHOP_DOMAIN, adminOrigin: "http://localhost:4000", appUrl: "http://localhost:4001", app: TEST_APP, state, now: () => new Date() });
    const list = await (await shell.request("/store/affable-demo/mail")).text();
    expect(list).toContain("Your creator code is ready");
    expect(list).toContain(`/store/affable-demo/mail/${message?.id}`);
    const opened = await shell.request(`/store/affable-demo/mail/${message?.id}`);
    expect(opened.status).toBe(200);
    expect(opened.headers.get("content-security-policy")).toContain("script-src 'self'");
    const page = await opened.text();
    expect(page).toMatch(/<iframe id="mail-html"[^>]* sandbox=""[^>]* srcdoc="&lt;p&gt;Share &lt;strong&gt;MAYA15/);
    expect(page).not.toContain("<script>alert(1)</script>");
    expect((await shell.request("/store/affable-demo/mail/1")).status).toBe(404);
  });

  it("keeps the newest first and only the last 200", async () => {
    state.update((draft) => {
      draft.mail = Array.from({ length: MAX_KEPT }, (_, index) => ({
        id: 1_000 + index,
        messageId: null,
        from: "old@example.com",
        to: [],
        replyTo: null,
        subject: `old ${index}`,
        text: "",
        html: null,
        date: "2026-01-01T00:00:00.000Z",
        receivedAt: "2026-01-01T00:00:00.000Z",
      }));
    });
    catcher = await startSmtpCatcher({ port: 0, state, now: () => new Date(), log: () => undefined });
    await transport(catcher.port).sendMail({ from: "a@example.com", to: "b@example.com", subject: "newest", text: "hi" });
    const mail = state.read().mail;
    expect(mail).toHaveLength(MAX_KEPT);
    expect(mail[0]?.subject).toBe("newest");
    expect(mail.at(-1)?.subject).toBe("old 198");
  });

  it("starts with the devstore, answers GET /__devstore/mail, and closes with it", async () => {
    const devstore = await startDevstore({
      app: TEST_APP,
      appUrl: "http://localhost:4001",
      ports: { admin: 0, tunnel: 0, app: 3000 },
      smtpPort: 0,
      stateFile: path.join(directory, "devstore.json"),
      shell: false,
      tunnel: false,
      log: () => undefined,
    });
    try {
      expect(devstore.smtpPort).toBeGreaterThan(0);
      await transport(devstore.smtpPort ?? 0).sendMail({ from: "app@affable.example", to: "owner@affable-demo.example", subject: "Payout ready", text: "ok" });
      const response = await fetch(`${devstore.adminUrl}/__devstore/mail`);
      const body = z.object({ messages: z.array(z.object({ subject: z.string(), to: z.array(z.string()) })) }).parse(await response.json());
      expect(body.messages).toEqual([expect.objectContaining({ subject: "Payout ready", to: ["owner@affable-demo.example"] })]);
    } finally {
      await devstore.close();
    }
    await expect(transport(devstore.smtpPort ?? 0).sendMail({ from: "a@example.com", to: "b@example.com", text: "x" })).rejects.toThrow();
  });
});
