import type Stripe from "stripe";
import { readSessionCookie, serializeSessionCookie, sessionCookieNames, type SessionAudience } from "./auth/cookies";
import { assertSameOrigin } from "./auth/origin";
import { resolveSession } from "./auth/sessions";
import { createContext, type Context, type Db } from "./context";

export interface RequestContextOptions {
  db: Db;
  stripe?: Stripe | null;
  /** A Fetch API Request (Remix loaders/actions, tRPC's fetch adapter). */
  request: Request;
  /** Which cookie to read: the customer app's or the admin portal's. */
  audience: SessionAudience;
  /** Public origin of the customer app (WEB_URL), for Stripe return URLs. */
  appUrl: string;
  /** Public origins allowed to post (WEB_URL / ADMIN_URL behind a proxy); request.url's origin always is. */
  allowedOrigins?: readonly string[];
  /** Secure cookies (HTTPS only): true in production. */
  secureCookies: boolean;
  /** The client IP as the server sees it (express: `req.ip`, which honours its own trust proxy setting). */
  ip?: string | null;
  /** Without `ip`, take the client IP from X-Forwarded-For; only behind a proxy that sets it. */
  trustProxy?: boolean;
}

/**
 * Builds the tRPC context for one HTTP request: refuses cross-site POSTs, reads the session
 * cookie, resolves the user. When the session's expiry rolled forward, `setCookie` holds the
 * refreshed cookie the response must carry.
 */
export async function createRequestContext(options: RequestContextOptions): Promise<{ ctx: Context; setCookie: string | null }> {
  const { request } = options;
  assertSameOrigin(request, options.allowedOrigins);
  const cookieName = sessionCookieNames[options.audience];
  const token = readSessionCookie(request, cookieName);
  const session = await resolveSession(options.db, token);
  const ctx = createContext({
    db: options.db,
    stripe: options.stripe ?? null,
    sessionUser: session?.user ?? null,
    req: { ip: options.ip ?? clientIp(request, options.trustProxy ?? false), userAgent: request.headers.get("user-agent") },
    appUrl: options.appUrl,
  });
  const setCookie =
    session?.renewed && token
      ? serializeSessionCookie(token, {
          name: cookieName,
          secure: options.secureCookies,
          maxAgeSeconds: (session.expiresAt.getTime() - Date.now()) / 1000,
        })
      : null;
  return { ctx, setCookie };
}

/** The left-most X-Forwarded-For entry is the client as the first proxy saw it. */
function clientIp(request: Request, trustProxy: boolean): string | null {
  if (!trustProxy) return null;
  const forwarded = request.headers.get("x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || null;
}
