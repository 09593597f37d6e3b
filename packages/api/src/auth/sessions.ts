import type { Db, SessionUser } from "../context";
import { randomToken, sha256Hex } from "./tokens";

export const sessionLifetimeMs = 30 * 24 * 60 * 60 * 1000;
/** Extend a session at most once a day, so reading a session is not a write on every request. */
const renewAfterMs = 24 * 60 * 60 * 1000;

export interface IssuedSession {
  id: string;
  /** Goes into the cookie; never stored. */
  token: string;
  expiresAt: Date;
}

/**
 * The row id is derived from the token: the first 128 bits of its SHA-256, written as a UUID.
 * The cookie holds the 256-bit token, the table only its hash, so a leaked database dump cannot
 * be replayed as cookies, and lookup stays a primary-key probe.
 */
export function sessionIdForToken(token: string): string {
  const h = sha256Hex(token);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export async function createSession(db: Db, userId: string, now = new Date()): Promise<IssuedSession> {
  const token = randomToken();
  const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
  const id = sessionIdForToken(token);
  await db.insertInto("sessions").values({ id, user_id: userId, expires_at: expiresAt }).execute();
  return { id, token, expiresAt };
}

/**
 * The user behind a session token, or null when unknown or expired. Rolling expiry: a session
 * used within its 30 days is pushed to 30 days from now (at most once a day).
 */
export interface ResolvedSession {
  user: SessionUser;
  expiresAt: Date;
  /** True when this call pushed the expiry out: re-send the cookie so the browser keeps it too. */
  renewed: boolean;
}

export async function resolveSession(
  db: Db,
  token: string | null | undefined,
  now = new Date(),
): Promise<ResolvedSession | null> {
  if (!token) return null;
  const id = sessionIdForToken(token);
  const row = await db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select(["sessions.id as sessionId", "sessions.expires_at", "users.id", "users.email", "users.role", "users.customer_id"])
    .where("sessions.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const expiresAt = new Date(row.expires_at);
  if (expiresAt.getTime() <= now.getTime()) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  const user: SessionUser = { id: row.id, email: row.email, role: row.role, customerId: row.customer_id, sessionId: row.sessionId };
  if (expiresAt.getTime() - now.getTime() >= sessionLifetimeMs - renewAfterMs) return { user, expiresAt, renewed: false };
  const renewedUntil = new Date(now.getTime() + sessionLifetimeMs);
  await db.updateTable("sessions").set({ expires_at: renewedUntil }).where("id", "=", id).execute();
  return { user, expiresAt: renewedUntil, renewed: true };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionIdForToken(token)).execute();
}

/** After a password change every existing session of the user ends (but `keepSessionId`, the one that changed it). */
export async function deleteUserSessions(db: Db, userId: string, keepSessionId?: string): Promise<number> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (keepSessionId) query = query.where("id", "!=", keepSessionId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}
