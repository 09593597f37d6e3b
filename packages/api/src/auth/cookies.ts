/** The customer app and the admin portal use different cookies, so one browser can hold both. */
export const sessionCookieNames = {
  customer: "mk_session",
  admin: "mk_admin_session",
} as const;

export type SessionAudience = keyof typeof sessionCookieNames;

export interface SessionCookieOptions {
  name?: string;
  /** Send only over HTTPS. Pass true in production; plain-http localhost needs false. */
  secure: boolean;
  maxAgeSeconds: number;
}

/**
 * HttpOnly (no script can read it), SameSite=Lax (not sent on cross-site POSTs, which with the
 * Origin check is the CSRF defence), Path=/ so every route sees it.
 */
export function serializeSessionCookie(token: string, options: SessionCookieOptions): string {
  const name = options.name ?? sessionCookieNames.customer;
  const parts = [
    `${name}=${encodeURIComponent(token)}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
  ];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}

/** A Set-Cookie value that makes the browser forget the session cookie. */
export function clearSessionCookie(options: { name?: string; secure: boolean }): string {
  return serializeSessionCookie("", { ...options, maxAgeSeconds: 0 });
}

/** Reads the session token from a Cookie header (or a Request); null when absent or empty. */
export function readSessionCookie(
  source: string | null | undefined | { headers: { get(name: string): string | null } },
  name: string = sessionCookieNames.customer,
): string | null {
  const header = typeof source === "string" || source == null ? source : source.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      const value = decodeURIComponent(raw);
      return value === "" ? null : value;
    } catch {
      return null;
    }
  }
  return null;
}
