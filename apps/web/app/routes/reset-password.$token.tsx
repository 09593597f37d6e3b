import { resetPassword } from "@meterkit/api";
import { Alert, Button, Field } from "@meterkit/ui";
import { data, redirect, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { AuthCard } from "~/components/auth/auth-card";
import { requireSameOrigin } from "~/lib/server/auth.server";
import { db } from "~/lib/server/db.server";
import { toFormFailure } from "~/lib/server/form-errors.server";
import { readForm } from "@meterkit/app-server";

export const meta: MetaFunction = () => [{ title: "Choose a new password · Meterkit" }, { name: "referrer", content: "no-referrer" }];

export async function action({ request, params }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readForm(request);
  const password = String(form.get("password") ?? "");
  if (password !== String(form.get("confirm") ?? "")) {
    return data({ message: "", fieldErrors: { confirm: ["The two passwords are not the same."] } as Record<string, string[]> }, { status: 400 });
  }
  try {
    await resetPassword(db, { token: params.token ?? "", password });
    return redirect("/login?reset=1");
  } catch (error) {
    const { failure, status } = toFormFailure(error);
    return data(failure, { status });
  }
}

export default function ResetPassword() {
  const result = useActionData<typeof action>();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  // A token problem is not about the fields on this page.
  const linkProblem = result && (errors.token || (result.message && Object.keys(errors).length === 0));
  return (
    <AuthCard title="Choose a new password" subtitle="Every device signed in to this account is signed out when you save.">
      <Form method="post" className="space-y-5" noValidate>
        {linkProblem ? (
          <Alert tone="danger">
            {errors.token?.[0] ?? result.message}{" "}
            <Link to="/forgot-password" className="font-medium underline">
              Request a new link
            </Link>
          </Alert>
        ) : null}
        <Field name="password" label="New password" type="password" autoComplete="new-password" required minLength={10} errors={errors.password} hint="At least 10 characters." />
        <Field name="confirm" label="Repeat the new password" type="password" autoComplete="new-password" required errors={errors.confirm} />
        <Button type="submit" busy={submitting} className="w-full">
          Save new password
        </Button>
      </Form>
    </AuthCard>
  );
}
