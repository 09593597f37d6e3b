import { useTestDb } from "@meterkit/db/testing";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUpCustomer } from "../test/actors";
import { requestPasswordReset } from "./password-reset";
import { createSmtpMailer, sendInBackground } from "./smtp-mailer";

const t = useTestDb();

/** A real SMTP server on a free port, keeping what it is sent (with the login it was sent with). */
const received: Array<{ from: string; to: string[]; user: string | undefined; data: string }> = [];
let server: SMTPServer;
let port: number;

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    onAuth(auth, _session, callback) {
      if (auth.username === "mailer" && auth.password === "s3cret") callback(null, { user: auth.username });
      else callback(new Error("Invalid username or password"));
    },
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("createSmtpMailer", () => {
  it("delivers the password-reset mail, link included, over SMTP with the URL's login", async () => {
    const c = await signUpCustomer(t.db, "smtp");
    const sendMail = createSmtpMailer({ url: `smtp://mailer:s3cret@127.0.0.1:${port}`, from: "Meterkit <no-reply@example.com>" });
    await requestPasswordReset(t.db, { email: c.user.email }, { sendMail, resetUrl: (token) => `https://app.example.com/reset-password/${token}` });
    const mail = received.at(-1)!;
    expect(mail).toMatchObject({ from: "no-reply@example.com", to: [c.user.email], user: "mailer" });
    expect(mail.data).toContain("Subject: Reset your Meterkit password");
    expect(mail.data).toMatch(/https:\/\/app\.example\.com\/reset-password\/[A-Za-z0-9_-]+/);
  });

  it("a refused login is an error the background sender reports instead of throwing", async () => {
    const failures: unknown[] = [];
    const sendMail = sendInBackground(createSmtpMailer({ url: `smtp://mailer:wrong@127.0.0.1:${port}`, from: "no-reply@example.com" }), (error) => failures.push(error));
    const before = received.length;
    await expect(sendMail({ to: "a@example.com", subject: "s", text: "t" })).resolves.toBeUndefined();
    await expect.poll(() => failures.length).toBe(1);
    expect(received).toHaveLength(before);
  });
});
