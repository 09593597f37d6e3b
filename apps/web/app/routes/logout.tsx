import { logOut, readSessionCookie } from "@meterkit/api";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { expiredSessionCookie, requireSameOrigin } from "~/lib/server/auth.server";
import { db } from "~/lib/server/db.server";

/** POST only: a GET (a link, a prefetch, an image tag on another site) must not sign anyone out. */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  await logOut(db, readSessionCookie(request));
  return redirect("/login", { headers: { "Set-Cookie": expiredSessionCookie() } });
}

export function loader() {
  return redirect("/app");
}
