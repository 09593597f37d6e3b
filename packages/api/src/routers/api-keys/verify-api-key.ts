import type { ApiKeyPrincipal, Db } from "../../context";
import { hashApiKey, looksLikeApiKey } from "./key-format";

/** last_used_at is a hint for the user, not an audit trail: write it at most once a minute. */
const lastUsedResolutionMs = 60_000;

export interface VerifiedApiKey extends ApiKeyPrincipal {
  name: string;
  prefix: string;
}

/**
 * The key behind a raw `mk_live_…` string, or null when it is malformed, unknown or revoked.
 * The lookup is by SHA-256 of the whole key through a unique index, so no secret is compared
 * byte by byte in application code and response time does not depend on how much of a guess
 * matched.
 */
export async function verifyApiKey(db: Db, rawKey: string, now = new Date()): Promise<VerifiedApiKey | null> {
  if (!looksLikeApiKey(rawKey)) return null;
  const row = await db
    .selectFrom("api_keys")
    .select(["id", "customer_id", "name", "prefix", "last_used_at"])
    .where("key_hash", "=", hashApiKey(rawKey))
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() >= lastUsedResolutionMs) {
    await db.updateTable("api_keys").set({ last_used_at: now }).where("id", "=", row.id).execute();
  }
  return { id: row.id, customerId: row.customer_id, name: row.name, prefix: row.prefix };
}
