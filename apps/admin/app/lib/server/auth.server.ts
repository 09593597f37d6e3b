import {
  AppError,
  assertSameOrigin,
  readSessionCookie,
  resolveSession,
  serializeSessionCookie,
  sessionCookieNames,
  type SessionUser,
} from "@meterkit/api";
import { data, redirect } from "@remix-run/node";
import { db } from "./db.server";
import { env } from "./env.server";

const cookieName = sessionCookieNames.admin;
// Plain-http localhost cannot keep a Secure cookie; every https deployment gets one.
const secure = env.ADMIN_URL.startsWith("https://");

/** The signed-in admin, or null. Customer users never count as signed in here. */
export async function getAdmin(request: Request): Promise<SessionUser | null> {
  const session = await resolveSession(db, readSessionCookie(request, cookieName));
  return session && session.user.role === "admin" ? session.user : null;
}

/** For loaders and actions of admin-only pages: redirects to /login when not signed in. */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const admin = await getAdmin(request);
  if (!admin) {
    const next = new URL(request.url).pathname;
    throw redirect(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
  }
  return admin;
}

/** CSRF guard for every form post: a cross-site request gets a 403 with the reason, never a 500. */
export function requireSameOrigin(request: Request): void {
  try {
    assertSameOrigin(request, [env.ADMIN_URL]);
  } catch (error) {
    if (error instanceof AppError) throw data(error.message, { status: error.httpStatus });
    throw error;
  }
}

export function sessionCookie(token: string, expiresAt: Date): string {
  return serializeSessionCookie(token, {
    name: cookieName,
    secure,
    maxAgeSeconds: Math.floor((expiresAt.getTime() - Date.now()) / 1000),
  });
}

export { cookieName as adminCookieName, secure as adminCookieSecure };
