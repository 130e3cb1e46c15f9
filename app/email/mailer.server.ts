/**
 * Outgoing mail through SMTP (SMTP_URL, MAIL_FROM). Without SMTP_URL there is no mailer: senders record the
 * email with the error "SMTP_URL is not set" and carry on, so a missing mail setup never blocks an approval.
 */
import nodemailer from "nodemailer";
import { env } from "../env.server";

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The display name to send as (the shop's name); the address is always the configured MAIL_FROM's. */
  fromName?: string;
  /** Where replies go (ProgramSettings.replyToEmail); none when unset. */
  replyTo?: string | null;
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

let cached: Mailer | null | undefined;

/** `Name <address>` or a bare address (MAIL_FROM) → its parts. */
export function parseMailFrom(from: string): { name: string | null; address: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from);
  if (match === null) return { name: null, address: from.trim() };
  return { name: match[1]?.trim() || null, address: match[2]?.trim() ?? "" };
}

/**
 * Sends from the configured address (MAIL_FROM, the domain the mail server is allowed to send for) under the
 * shop's name when the email carries one, so creators see "Linen & Co" rather than the app's name. nodemailer
 * quotes and encodes the display name.
 */
export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  const configured = parseMailFrom(from);
  return {
    async send(email) {
      const { fromName, replyTo, ...content } = email;
      const name = fromName?.trim() || configured.name;
      const info = await transport.sendMail({
        ...content,
        from: name ? { name, address: configured.address } : configured.address,
        ...(replyTo ? { replyTo } : {}),
      });
      return { messageId: info.messageId };
    },
  };
}

/** The app's mailer from the environment, or null when SMTP_URL is not set. */
export function getMailer(): Mailer | null {
  if (cached !== undefined) return cached;
  const config = env();
  cached = config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.MAIL_FROM) : null;
  return cached;
}
