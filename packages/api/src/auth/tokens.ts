import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url: the secret half of sessions, reset links and API keys. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

/**
 * Only this hash is stored. The tokens carry 256 bits of randomness, so a fast hash is enough
 * (no salt or slow KDF needed) and lookups by hash stay a plain index probe.
 */
export function sha256Hex(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
