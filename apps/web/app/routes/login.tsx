import { logIn } from "@meterkit/api";
import { Alert, Button, Field } from "@meterkit/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard } from "~/components/auth/auth-card";
import { FormMessage } from "~/components/auth/form-message";
import { safeNext } from "@meterkit/app-server/safe-next";
import { getCurrentUser, requireSameOrigin, sessionCookie } from "~/lib/server/auth.server";
import { db } from "~/lib/server/db.server";
import { toFormFailure } from "~/lib/server/form-errors.server";
import { readForm } from "@meterkit/app-server";

export const meta: MetaFunction = () => [{ title: "Log in · Meterkit" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect(safeNext(new URL(request.url).searchParams.get("next"), "/app"));
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readForm(request);
  const email = String(form.get("email") ?? "");
  try {
    const { session } = await logIn(db, { email, password: String(form.get("password") ?? "") }, { ip: context.ip, audience: "customer" });
    return redirect(safeNext(form.get("next"), "/app"), { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt) } });
  } catch (error) {
    const { failure, status } = toFormFailure(error);
    return data({ ...failure, email, rateLimited: status === 429 }, { status });
  }
}

export default function LogIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <AuthCard
      title="Log in"
      footer={
        <>
          New here?{" "}
          <Link to="/signup" className="font-medium text-brand-600 hover:text-brand-700">
            Create an account
          </Link>
        </>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <input type="hidden" name="next" value={params.get("next") ?? ""} />
        {params.get("reset") === "1" && !result ? <Alert tone="success">Your password was changed. Log in with the new one.</Alert> : null}
        {result?.rateLimited ? (
          <Alert tone="warning" title="Too many attempts">
            {result.message}{" "}
            <Link to="/forgot-password" className="font-medium underline">
              Reset your password
            </Link>
          </Alert>
        ) : (
          <FormMessage failure={result} />
        )}
        <Field name="email" label="Email" type="email" autoComplete="username" required defaultValue={result?.email} errors={errors.email} />
        <Field name="password" label="Password" type="password" autoComplete="current-password" required errors={errors.password} />
        <div className="flex items-center justify-between">
          <Link to="/forgot-password" className="text-sm font-medium text-brand-600 hover:text-brand-700">
            Forgot your password?
          </Link>
        </div>
        <Button type="submit" busy={submitting} className="w-full">
          {submitting ? "Logging in…" : "Log in"}
        </Button>
      </Form>
    </AuthCard>
  );
}
