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

export const customerForbiddenMessage =
  "This page is for Meterkit administrators. You are signed in with a customer account; log in with an admin account to continue.";

/** The signed-in admin, or null. Customer users never count as signed in here. */
export async function getAdmin(request: Request): Promise<SessionUser | null> {
  const session = await resolveSession(db, readSessionCookie(request, cookieName));
  return session && session.user.role === "admin" ? session.user : null;
}

/**
 * The signed-in admin with a fresh Set-Cookie for the session. Sessions roll forward in the
 * database while used; re-sending the cookie keeps the browser's copy alive just as long.
 */
export async function getAdminWithCookie(request: Request): Promise<{ admin: SessionUser; setCookie: string } | null> {
  const token = readSessionCookie(request, cookieName);
  const session = await resolveSession(db, token);
  if (!token || !session || session.user.role !== "admin") return null;
  return { admin: session.user, setCookie: sessionCookie(token, session.expiresAt) };
}

/**
 * For every loader and action of an admin page. No session: redirect to /login. A session that
 * belongs to a customer (in the admin cookie, or the customer app's cookie, which a browser
 * also sends here when both apps share a host name such as localhost) is a 403 with a page that
 * says why, never the admin data.
 */
export async function requireAdmin(request: Request): Promise<SessionUser> {
  const session = await resolveSession(db, readSessionCookie(request, cookieName));
  if (session?.user.role === "admin") return session.user;
  if (session || (await hasCustomerSession(request))) throw data(customerForbiddenMessage, { status: 403, statusText: "Forbidden" });
  const url = new URL(request.url);
  const next = `${url.pathname}${url.search}`;
  throw redirect(next === "/" ? "/login" : `/login?next=${encodeURIComponent(next)}`);
}

async function hasCustomerSession(request: Request): Promise<boolean> {
  const token = readSessionCookie(request, sessionCookieNames.customer);
  if (!token) return false;
  const session = await resolveSession(db, token);
  return session?.user.role === "customer";
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
