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
}

export interface Mailer {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}

let cached: Mailer | null | undefined;

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(email) {
      const info = await transport.sendMail({ from, ...email });
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
