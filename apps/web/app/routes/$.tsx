import { data } from "@remix-run/node";

// Every address no other route takes comes here and gets the root's 404 page. Without it, an
// address that partly matched a nested route (/reconciliation/x/y) rendered the 404 with no
// route matched, and the browser's route discovery then disagreed with the server's document.
export function loader() {
  throw data(null, { status: 404 });
}

// A form posted to an unknown address gets the same 404, not "method not allowed".
export const action = loader;

export default function UnknownPage() {
  return null;
}
