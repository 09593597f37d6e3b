import { randomToken, sha256Hex } from "../../auth/tokens";

export const apiKeyPrefix = "mk_live_";
/** Characters of the random part kept in `prefix` so a user can tell keys apart in a list. */
const visibleChars = 6;
const keyPattern = /^mk_live_[A-Za-z0-9_-]{43}$/;

export interface MintedKey {
  raw: string;
  prefix: string;
  hash: string;
}

/** `mk_live_` + 32 random bytes (base64url, 43 chars). */
export function mintApiKey(): MintedKey {
  const raw = `${apiKeyPrefix}${randomToken(32)}`;
  return { raw, prefix: raw.slice(0, apiKeyPrefix.length + visibleChars), hash: sha256Hex(raw) };
}

export function looksLikeApiKey(raw: string): boolean {
  return keyPattern.test(raw);
}

export function hashApiKey(raw: string): string {
  return sha256Hex(raw);
}
