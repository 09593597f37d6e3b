import type { LinksFunction, MetaFunction } from "@remix-run/node";
import { isRouteErrorResponse, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { SiteFooter } from "~/components/site-footer";
import { SiteHeader } from "~/components/site-header";
import { runtimeModes } from "~/lib/server/modes.server";
import stylesheet from "./tailwind.css?url";

// An inline icon: no extra request, and no 404 for /favicon.ico in the console.
const favicon = `data:image/svg+xml,<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="%234f46e5"/><text x="16" y="22" font-family="sans-serif" font-size="17" font-weight="700" text-anchor="middle" fill="white">M</text></svg>`;

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: favicon, type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Meterkit — sell LLM access, billed per token" },
  { name: "description", content: "Metering, Stripe billing and an OpenAI-compatible API for products that resell LLM tokens." },
];

export function loader() {
  return { modes: runtimeModes() };
}

/** The document shell, shared by every page and by the error boundary. */
export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en" className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="flex min-h-full flex-col bg-white font-sans text-slate-900 antialiased">
        <SiteHeader />
        <main className="flex-1">{children}</main>
        {data ? <SiteFooter modes={data.modes} /> : null}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const [title, detail] = isRouteErrorResponse(error)
    ? [`${error.status} ${error.statusText}`, readableDetail(error.status, error.data)]
    : ["Something went wrong", "An unexpected error occurred. Please try again."];
  return (
    <div className="mx-auto max-w-xl px-6 py-24 text-center">
      <h1 className="text-3xl font-semibold tracking-tight">{title}</h1>
      <p className="mt-4 text-slate-600">{detail}</p>
      <a href="/" className="mt-8 inline-block text-sm font-medium text-brand-600 hover:text-brand-700">
        ← Back to the home page
      </a>
    </div>
  );
}

/** What the visitor is told: the server's own sentence, but never the router's internal wording for an unknown address. */
function readableDetail(status: number, data: unknown): string {
  if (status === 404 && (typeof data !== "string" || /No route matches/.test(data))) return "There is no page at this address. Check the link, or go back to where you were.";
  return typeof data === "string" ? data.replace(/^Error: /, "") : "This page could not be shown.";
}
