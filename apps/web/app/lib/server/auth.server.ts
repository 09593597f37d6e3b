import {
  AppError,
  assertSameOrigin,
  clearSessionCookie,
  readSessionCookie,
  serializeSessionCookie,
  sessionCookieNames,
  sessionLifetimeMs,
  type SessionUser,
} from "@meterkit/api";
import { data, redirect } from "@remix-run/node";
import { env } from "./env.server";
import { sessionCache } from "./lookup-caches.server";

/** A signed-in customer user: a SessionUser whose customer id is known. */
export type CustomerUser = SessionUser & { customerId: string };

// Plain-http localhost cannot keep a Secure cookie; every https deployment gets one.
const secure = env.WEB_URL.startsWith("https://");
const dayMs = 24 * 60 * 60 * 1000;

export interface CurrentUser {
  user: CustomerUser;
  /** A refreshed Set-Cookie while the session's rolling expiry was moved in the last day. */
  setCookie: string | null;
}

/**
 * The signed-in customer user, or null. Admin users never count as signed in here. Sessions are
 * remembered for a moment and forgotten at once on log-out anywhere (decision 112).
 */
export async function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  const session = await sessionCache.resolve(readSessionCookie(request, sessionCookieNames.customer));
  if (!session || session.user.role !== "customer" || !session.user.customerId) return null;
  // Sessions roll at most once a day, and whichever loader ran first did it. Re-sending the
  // cookie for a day after a roll keeps the browser's expiry in step whoever did it.
  const rolledRecently = session.expiresAt.getTime() - Date.now() > sessionLifetimeMs - dayMs;
  return {
    user: session.user as CustomerUser,
    setCookie: rolledRecently ? sessionCookie(readSessionCookie(request) ?? "", session.expiresAt) : null,
  };
}

/** For app pages: the customer user, or a redirect to /login that comes back here afterwards. */
export async function requireUser(request: Request): Promise<CustomerUser> {
  const current = await getCurrentUser(request);
  if (!current) throw redirectToLogin(request);
  return current.user;
}

export function redirectToLogin(request: Request): Response {
  const url = new URL(request.url);
  return redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/** CSRF guard for every form post: a cross-site request gets a 403 with the reason, never a 500. */
export function requireSameOrigin(request: Request): void {
  try {
    assertSameOrigin(request, [env.WEB_URL]);
  } catch (error) {
    if (error instanceof AppError) throw data(error.message, { status: error.httpStatus });
    throw error;
  }
}

export function sessionCookie(token: string, expiresAt: Date): string {
  return serializeSessionCookie(token, {
    name: sessionCookieNames.customer,
    secure,
    maxAgeSeconds: Math.floor((expiresAt.getTime() - Date.now()) / 1000),
  });
}

export function expiredSessionCookie(): string {
  return clearSessionCookie({ name: sessionCookieNames.customer, secure });
}

export { secure as secureCookies };
