import { logOut, readSessionCookie } from "@meterkit/api";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { expiredSessionCookie, requireSameOrigin } from "~/lib/server/auth.server";
import { db } from "~/lib/server/db.server";
import { sessionCache } from "~/lib/server/lookup-caches.server";

/** POST only: a GET (a link, a prefetch, an image tag on another site) must not sign anyone out. */
export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  const token = readSessionCookie(request);
  await logOut(db, token);
  // Every process hears of it from Postgres a moment later; this one must not serve it even then.
  sessionCache.forget(token);
  return redirect("/login", { headers: { "Set-Cookie": expiredSessionCookie() } });
}

export function loader() {
  return redirect("/app");
}
