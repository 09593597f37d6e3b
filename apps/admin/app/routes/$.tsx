import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { requireAdmin } from "~/lib/server/auth.server";

// Every address no other route takes comes here and gets the root's 404 page. Without it, an
// address that partly matched a nested route (/reconciliation/x/y) rendered the 404 with no
// route matched, and the browser's route discovery then disagreed with the server's document.
// Like every admin page, it answers only admins: others are sent to log in or refused.
export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  throw data(null, { status: 404 });
}

// A form posted to an unknown address gets the same answer, not "method not allowed".
export async function action({ request }: ActionFunctionArgs) {
  await requireAdmin(request);
  throw data(null, { status: 404 });
}

export default function UnknownPage() {
  return null;
}
