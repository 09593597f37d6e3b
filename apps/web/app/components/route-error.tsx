import { Alert, buttonClass } from "@meterkit/ui";
import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

/**
 * An error boundary body for app routes: the error stays inside the page section that failed,
 * the shell and its navigation keep working.
 */
export function RouteError({ what }: { what: string }) {
  const error = useRouteError();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const detail = isRouteErrorResponse(error)
    ? typeof error.data === "string" && error.data
      ? error.data
      : `${error.status} ${error.statusText}`
    : "Something unexpected went wrong. Try again in a moment.";
  return (
    <div className="mx-auto max-w-xl px-6 py-16" data-testid="route-error">
      <h1 className="text-xl font-semibold text-slate-900">{notFound ? "Not found" : `Could not load ${what}`}</h1>
      <Alert tone={notFound ? "neutral" : "danger"} className="mt-4">
        {detail}
      </Alert>
      <Link to="/app" className={buttonClass("secondary", "mt-6")}>
        Back to the app
      </Link>
    </div>
  );
}
