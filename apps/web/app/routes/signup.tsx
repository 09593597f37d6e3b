import { createStripeCustomerOnSignUp, signUp } from "@meterkit/api";
import { Button, Field } from "@meterkit/ui";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { AuthCard } from "~/components/auth/auth-card";
import { FormMessage } from "~/components/auth/form-message";
import { getCurrentUser, requireSameOrigin, sessionCookie } from "~/lib/server/auth.server";
import { db } from "~/lib/server/db.server";
import { toFormFailure } from "~/lib/server/form-errors.server";
import { readForm } from "@meterkit/app-server";
import { getStripe } from "~/lib/server/stripe.server";

export const meta: MetaFunction = () => [{ title: "Create your account · Meterkit" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getCurrentUser(request)) throw redirect("/app");
  return null;
}

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readForm(request);
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? "") };
  const plan = String(form.get("plan") ?? "");
  try {
    const stripe = getStripe();
    // The Stripe customer is made right away so checkout, meters and our row share one id.
    const { session } = await signUp(db, { ...values, password: String(form.get("password") ?? "") }, {
      ...(stripe ? { onCustomerCreated: createStripeCustomerOnSignUp(db, stripe) } : {}),
    });
    const next = /^[a-z0-9][a-z0-9_-]*$/.test(plan) ? `/app/plans?plan=${plan}` : "/app/plans";
    return redirect(next, { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt) } });
  } catch (error) {
    const { failure, status } = toFormFailure(error);
    return data({ ...failure, values }, { status });
  }
}

export default function SignUp() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  const errors = result?.fieldErrors ?? {};
  return (
    <AuthCard
      title="Create your account"
      subtitle="Pick a plan next. You pay a monthly base fee plus exactly the tokens you use."
      footer={
        <>
          Already have an account?{" "}
          <Link to="/login" className="font-medium text-brand-600 hover:text-brand-700">
            Log in
          </Link>
        </>
      }
    >
      <Form method="post" className="space-y-5" noValidate>
        <input type="hidden" name="plan" value={params.get("plan") ?? ""} />
        <FormMessage failure={result} />
        <Field name="name" label="Name or company" autoComplete="organization" required defaultValue={result?.values.name} errors={errors.name} />
        <Field name="email" label="Email" type="email" autoComplete="email" required defaultValue={result?.values.email} errors={errors.email} />
        <Field name="password" label="Password" type="password" autoComplete="new-password" required minLength={10} errors={errors.password} hint="At least 10 characters." />
        <Button type="submit" busy={submitting} className="w-full">
          {submitting ? "Creating your account…" : "Create account"}
        </Button>
      </Form>
    </AuthCard>
  );
}
