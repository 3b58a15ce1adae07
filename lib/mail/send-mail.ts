import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends plain-text mail; null when no SMTP server is configured (links are then copied by hand). */
export type Mailer = (message: MailMessage) => Promise<void>;

/**
 * A mailer for `smtpUrl` (smtp://user:pass@host:587, smtps://… for implicit TLS), or null when
 * none is set. Plain text only: the one thing we send is a link, and text needs no escaping.
 */
export function smtpMailer(smtpUrl: string | undefined, from: string): Mailer | null {
  if (!smtpUrl) return null;
  const transport = nodemailer.createTransport(smtpUrl);
  return async (message) => {
    await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
  };
}
