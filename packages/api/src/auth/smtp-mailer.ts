import { createTransport } from "nodemailer";
import type { Mail } from "../context";

/**
 * A mail transport over SMTP (any provider's relay: SES, Postmark, Mailgun, your own), set by a
 * URL such as `smtps://user:pass@smtp.example.com:465`. nodemailer speaks the protocol, TLS and
 * authentication; this only names the sender.
 */
export function createSmtpMailer(options: { url: string; from: string }): (mail: Mail) => Promise<void> {
  const transport = createTransport(options.url);
  return async (mail) => {
    await transport.sendMail({ from: options.from, to: mail.to, subject: mail.subject, text: mail.text });
  };
}

/**
 * Sends without making the caller wait, and reports a failure instead of throwing it: a reset
 * request answers at once whether or not the address has an account (its timing says nothing),
 * and a mail server that is down does not turn the form into an error page.
 */
export function sendInBackground(send: (mail: Mail) => Promise<void>, onError: (error: unknown, mail: Mail) => void): (mail: Mail) => Promise<void> {
  return (mail) => {
    send(mail).catch((error: unknown) => onError(error, mail));
    return Promise.resolve();
  };
}
