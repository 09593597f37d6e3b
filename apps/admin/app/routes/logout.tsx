import { clearSessionCookie, logOut, readSessionCookie } from "@meterkit/api";
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { adminCookieName, adminCookieSecure, requireSameOrigin } from "~/lib/server/auth.server";
import { db } from "~/lib/server/db.server";

export async function action({ request }: ActionFunctionArgs) {
  requireSameOrigin(request);
  await logOut(db, readSessionCookie(request, adminCookieName));
  return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie({ name: adminCookieName, secure: adminCookieSecure }) } });
}

export function loader() {
  return redirect("/");
}
