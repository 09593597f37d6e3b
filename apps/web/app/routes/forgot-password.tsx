import { createLogMailer, createSmtpMailer, requestPasswordReset, sendInBackground } from "@meterkit/api";
import { Alert, Button, Field } from "@meterkit/ui";
import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard } from "~/components/auth/auth-card";
import { requireSameOrigin } from "~/lib/server/auth.server";
import { db } from "~/lib/server/db.server";
import { env } from "~/lib/server/env.server";
import { toFormFailure } from "~/lib/server/form-errors.server";
import { readForm } from "@meterkit/app-server";

export const meta: MetaFunction = () => [{ title: "Reset your password · Meterkit" }];

// With SMTP_URL the mail goes out over SMTP, in the background (see sendInBackground). Without
// it the mail goes to the log: outside production whole (the link included) so a developer can
// click it; in production only who and what.
const linkInLog = !env.SMTP_URL && env.NODE_ENV !== "production";
const sendMail = env.SMTP_URL
  ? sendInBackground(createSmtpMailer({ url: env.SMTP_URL, from: env.MAIL_FROM ?? `Meterkit <no-reply@${new URL(env.WEB_URL).hostname}>` }), (error, mail) =>
      // The recipient and the cause only: the body holds the reset link.
      console.error(`[mail] could not send "${mail.subject}" to ${mail.to}: ${error instanceof Error ? error.message : String(error)}`),
    )
  : createLogMailer({ includeBody: linkInLog });

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readForm(request);
  const email = String(form.get("email") ?? "");
  try {
    await requestPasswordReset(db, { email }, { sendMail, resetUrl: (token) => `${env.WEB_URL}/reset-password/${token}` });
    // The same answer whether or not the email has an account.
    return { sent: true as const, email, linkInLog, message: "", fieldErrors: {} as Record<string, string[]> };
  } catch (error) {
    const { failure, status } = toFormFailure(error);
    return data({ sent: false as const, email, linkInLog: false, ...failure }, { status });
  }
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  return (
    <AuthCard
      title="Reset your password"
      subtitle="Enter the email of your account and we will send you a link to choose a new password."
      footer={
        <Link to="/login" className="font-medium text-brand-600 hover:text-brand-700">
          ← Back to log in
        </Link>
      }
    >
      {result?.sent ? (
        <Alert tone="success" title="Check your email">
          If an account exists for {result.email}, a reset link is on its way. It works once, for one hour.
          {result.linkInLog ? <span className="mt-2 block text-xs">Local development: the mail, link included, is printed in the web server's log.</span> : null}
        </Alert>
      ) : (
        <Form method="post" className="space-y-5" noValidate>
          <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={result?.email} errors={result?.fieldErrors.email} />
          <Button type="submit" busy={submitting} className="w-full">
            Send reset link
          </Button>
        </Form>
      )}
    </AuthCard>
  );
}
