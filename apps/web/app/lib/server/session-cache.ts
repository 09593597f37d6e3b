import { resolveSession, sessionIdForToken, type ResolvedSession } from "@meterkit/api";
import type { CacheChange, Db } from "@meterkit/db";
import { TtlCache } from "@meterkit/gateway";

/**
 * Sessions remembered for `ttlMs` (decision 112), so a chat message does not wait for a
 * session read each time. Fed by change notices: a log-out or a password change (which delete
 * sessions before their expiry) and any change to a user's email, role or customer are
 * forgotten at once in every process; an expired session is never served from memory. Unknown
 * tokens are not remembered, so a flood of bad cookies cannot fill memory.
 */
export class SessionCache {
  private readonly sessions: TtlCache<ResolvedSession | null>;

  constructor(
    private readonly db: Db,
    ttlMs: number,
  ) {
    this.sessions = new TtlCache(ttlMs);
  }

  async resolve(token: string | null | undefined, now = new Date()): Promise<ResolvedSession | null> {
    if (!token) return null;
    const id = sessionIdForToken(token);
    const session = await this.sessions.get(id, () => resolveSession(this.db, token, now));
    if (session && session.expiresAt.getTime() <= now.getTime()) {
      this.sessions.delete(id);
      return resolveSession(this.db, token, now);
    }
    return session;
  }

  /** This process forgets at once (the notice reaches the others a moment later). */
  forget(token: string | null | undefined): void {
    if (token) this.sessions.delete(sessionIdForToken(token));
  }

  apply(change: CacheChange): void {
    if (change.table === "sessions") this.sessions.delete(change.id);
    // Rare (an email or role change): forgetting every session is simpler than an index by user.
    else if (change.table === "users") this.sessions.clear();
  }

  clear(): void {
    this.sessions.clear();
  }
}
