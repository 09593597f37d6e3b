import { data } from "@remix-run/node";
import { RouteError } from "~/components/route-error";

// An unknown address under /app stays inside the signed-in shell (its navigation still works)
// instead of falling through to the site-wide 404, whose document did not hydrate on a path
// the app layout partly matched.
export function loader() {
  throw data("There is no page at this address in the app. Pick a page from the menu.", { status: 404 });
}

export const action = loader;

export default function UnknownAppPage() {
  return null;
}

export function ErrorBoundary() {
  return <RouteError what="this page" />;
}
