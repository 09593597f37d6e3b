import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { Card } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { ActionNotice } from "~/components/ui/notice";
import { PageHeader } from "~/components/ui/page-header";
import { buttonStyles } from "~/components/ui/styles";
import { text } from "~/lib/form-data";
import { adminAction, adminLoader } from "~/lib/server/admin-api.server";
import { readForm } from "@meterkit/app-server";
import { invalid, runAction } from "~/lib/server/results.server";

export const meta: MetaFunction = () => [{ title: "Your account · Meterkit admin" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { admin } = await adminLoader(request, context);
  return { email: admin.email };
}

/** Passwords as typed: spaces at either end are part of them, unlike the other fields' values. */
const secret = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

export async function action({ request, context }: ActionFunctionArgs) {
  const { api } = await adminAction(request, context);
  const form = await readForm(request);
  const intent = text(form, "intent");
  if (intent !== "changePassword") return invalid(intent || "unknown", {}, "Unknown action.");
  // The API checks the current password, the new one's rules and that the two new ones match.
  return runAction(
    intent,
    () =>
      api.account.changePassword({
        currentPassword: secret(form, "currentPassword"),
        newPassword: secret(form, "newPassword"),
        confirmPassword: secret(form, "confirmPassword"),
      }),
    ({ endedSessions }) =>
      `Password changed.${endedSessions === 0 ? "" : ` ${endedSessions === 1 ? "One other session was" : `${endedSessions} other sessions were`} signed out.`}`,
  );
}

export default function Account() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.ok) formRef.current?.reset();
  }, [result]);
  const errors = result && !result.ok ? result.fieldErrors : {};
  return (
    <div className="max-w-xl space-y-6">
      <PageHeader title="Your account" description="The admin account you are signed in with." />
      <Card title="Signed in as">
        <p className="text-sm font-medium text-slate-900" data-testid="account-email">
          {email}
        </p>
      </Card>
      <Card title="Change password">
        <Form method="post" ref={formRef} className="space-y-4" noValidate>
          <ActionNotice result={result} intent="changePassword" />
          <p className="text-sm text-slate-600">Every other session of this account is signed out when you save; this one stays signed in. The change is recorded in the audit log.</p>
          <input type="hidden" name="intent" value="changePassword" />
          <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" required error={errors.currentPassword?.[0]} />
          <Field name="newPassword" label="New password" type="password" autoComplete="new-password" required minLength={10} error={errors.newPassword?.[0]} hint="At least 10 characters." />
          <Field name="confirmPassword" label="Repeat the new password" type="password" autoComplete="new-password" required error={errors.confirmPassword?.[0]} />
          <button type="submit" className={buttonStyles.primary} disabled={saving}>
            {saving ? "Saving…" : "Change password"}
          </button>
        </Form>
      </Card>
    </div>
  );
}
