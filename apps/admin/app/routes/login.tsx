import { AppError, logIn } from "@meterkit/api";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { safeNext } from "@meterkit/app-server/safe-next";
import { getAdmin, requireSameOrigin, sessionCookie } from "~/lib/server/auth.server";
import { db } from "~/lib/server/db.server";
import { readForm } from "@meterkit/app-server";

export const meta: MetaFunction = () => [{ title: "Log in · Meterkit admin" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getAdmin(request)) throw redirect("/");
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const form = await readForm(request);
  const email = String(form.get("email") ?? "");
  try {
    const { session } = await logIn(db, { email, password: String(form.get("password") ?? "") }, { ip: context.ip, audience: "admin" });
    return redirect(safeNext(form.get("next"), "/"), { headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt) } });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return data({ message: error.message, fieldErrors: error.fieldErrors ?? {}, email }, { status: error.httpStatus });
  }
}

const input =
  "mt-1 block w-full rounded-lg border-0 px-3 py-2 text-slate-900 shadow-sm ring-1 ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 sm:text-sm";

export default function LogIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const submitting = useNavigation().state === "submitting";
  const fieldError = (name: string) => result?.fieldErrors[name]?.[0];
  return (
    <div className="mx-auto mt-10 max-w-sm">
      <h1 className="text-2xl font-semibold tracking-tight">Log in to the admin portal</h1>
      <p className="mt-2 text-sm text-slate-600">Admin accounts only. Customers sign in at the customer app.</p>
      <Form method="post" className="mt-8 space-y-5 rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200" noValidate>
        <input type="hidden" name="next" value={params.get("next") ?? "/"} />
        {result?.message && !Object.keys(result.fieldErrors).length ? (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
            {result.message}
          </p>
        ) : null}
        <div>
          <label htmlFor="email" className="block text-sm font-medium text-slate-700">
            Email
          </label>
          <input id="email" name="email" type="email" autoComplete="username" required defaultValue={result?.email} className={input} aria-invalid={Boolean(fieldError("email"))} />
          {fieldError("email") ? <p className="mt-1 text-sm text-red-600">{fieldError("email")}</p> : null}
        </div>
        <div>
          <label htmlFor="password" className="block text-sm font-medium text-slate-700">
            Password
          </label>
          <input id="password" name="password" type="password" autoComplete="current-password" required className={input} aria-invalid={Boolean(fieldError("password"))} />
          {fieldError("password") ? <p className="mt-1 text-sm text-red-600">{fieldError("password")}</p> : null}
        </div>
        <button
          type="submit"
          disabled={submitting}
          className="w-full rounded-lg bg-indigo-600 px-3 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
        >
          {submitting ? "Logging in…" : "Log in"}
        </button>
      </Form>
    </div>
  );
}
