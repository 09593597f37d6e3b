import { Alert, Button, Card, Field } from "@meterkit/ui";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { PageBody, PageHeader } from "~/components/page-header";
import { RouteError } from "~/components/route-error";
import { requireSameOrigin, requireUser } from "~/lib/server/auth.server";
import { callerFor } from "~/lib/server/caller.server";
import { toFormFailure } from "~/lib/server/form-errors.server";
import { readForm } from "@meterkit/app-server";

export const meta: MetaFunction = () => [{ title: "Account · Meterkit" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { email: user.email };
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const user = await requireUser(request);
  const form = await readForm(request);
  try {
    // The API checks the current password, the new one's rules and that the two new ones match.
    const { endedSessions } = await callerFor(user, request, context.ip).account.changePassword({
      currentPassword: String(form.get("currentPassword") ?? ""),
      newPassword: String(form.get("newPassword") ?? ""),
      confirmPassword: String(form.get("confirmPassword") ?? ""),
    });
    const elsewhere = endedSessions === 0 ? "" : ` ${endedSessions === 1 ? "One other device was" : `${endedSessions} other devices were`} signed out.`;
    return { changed: true, notice: `Password changed.${elsewhere}`, message: "", fieldErrors: {} as Record<string, string[]> };
  } catch (error) {
    const { failure, status } = toFormFailure(error);
    return data({ changed: false, notice: "", ...failure }, { status });
  }
}

export default function Account() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saving = useNavigation().state === "submitting";
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (result?.changed) formRef.current?.reset();
  }, [result]);
  const errors = result?.fieldErrors ?? {};
  return (
    <PageBody>
      <PageHeader title="Account" description="Your sign-in details." />
      <Card title="Signed in as">
        <p className="text-sm font-medium text-slate-900" data-testid="account-email">
          {email}
        </p>
      </Card>
      <Card title="Change password" description="Every other device signed in to this account is signed out when you save; this one stays signed in." className="max-w-xl">
        <Form method="post" ref={formRef} className="space-y-5" noValidate>
          {result?.changed ? <Alert tone="success">{result.notice}</Alert> : null}
          {result?.message && !Object.keys(errors).length ? <Alert tone="danger">{result.message}</Alert> : null}
          <Field name="currentPassword" label="Current password" type="password" autoComplete="current-password" required errors={errors.currentPassword} />
          <Field name="newPassword" label="New password" type="password" autoComplete="new-password" required minLength={10} errors={errors.newPassword} hint="At least 10 characters." />
          <Field name="confirmPassword" label="Repeat the new password" type="password" autoComplete="new-password" required errors={errors.confirmPassword} />
          <Button type="submit" busy={saving}>
            Change password
          </Button>
        </Form>
      </Card>
    </PageBody>
  );
}

export function ErrorBoundary() {
  return <RouteError what="your account" />;
}
