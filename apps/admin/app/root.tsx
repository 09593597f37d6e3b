import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { AdminHeader } from "~/components/admin-header";
import { AppShell } from "~/components/app-shell";
import { getAdminWithCookie } from "~/lib/server/auth.server";
import { modeBadges } from "~/lib/server/modes.server";
import stylesheet from "./tailwind.css?url";

// An inline icon: no extra request, and no 404 for /favicon.ico in the console.
const favicon = `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="%236366f1"/><text x="16" y="22" font-family="sans-serif" font-size="17" font-weight="700" text-anchor="middle" fill="white">M</text></svg>`;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: favicon, type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Meterkit admin" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const signedIn = await getAdminWithCookie(request);
  const body = { modes: modeBadges(), adminEmail: signedIn?.admin.email ?? null };
  return signedIn ? data(body, { headers: { "Set-Cookie": signedIn.setCookie } }) : body;
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en" className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-full font-sans text-slate-900 antialiased">
        <AdminHeader modes={data?.modes ?? []} adminEmail={data?.adminEmail ?? null} />
        <AppShell signedIn={Boolean(data?.adminEmail)}>{children}</AppShell>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

// Single fetch does not carry a status text through a thrown `data()`; these name the common ones.
const statusTexts: Record<number, string> = { 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict", 503: "Service Unavailable" };

export function ErrorBoundary() {
  const error = useRouteError();
  const [title, detail] = isRouteErrorResponse(error)
    ? [`${error.status} ${error.statusText || statusTexts[error.status] || "Error"}`, readableDetail(error.status, error.data)]
    : ["Something went wrong", "An unexpected error occurred. Please try again."];
  const forbidden = isRouteErrorResponse(error) && error.status === 403;
  return (
    <div className="mx-auto max-w-xl py-16 text-center">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="mt-3 text-slate-600">{detail}</p>
      {forbidden ? (
        <p className="mt-6">
          <a href="/login" className="font-medium text-indigo-700 hover:underline">
            Log in with an admin account
          </a>
        </p>
      ) : (
        <p className="mt-6">
          <a href="/" className="font-medium text-indigo-700 hover:underline">
            ← Back to the overview
          </a>
        </p>
      )}
    </div>
  );
}

/** What the visitor is told: the server's own sentence, but never the router's internal wording for an unknown address. */
function readableDetail(status: number, data: unknown): string {
  if (status === 404 && (typeof data !== "string" || /No route matches/.test(data))) return "There is no page at this address. Check the link, or go back to where you were.";
  return typeof data === "string" ? data.replace(/^Error: /, "") : "This page could not be shown.";
}
