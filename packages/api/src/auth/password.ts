import { hash, verify } from "@node-rs/argon2";

/**
 * argon2id (the library's default algorithm) with its default cost: 19 MiB, 2 passes, 1 lane —
 * the OWASP minimum for argon2id. The PHC string keeps the parameters, so raising them later
 * still verifies old hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password and for a malformed stored hash; never throws on user input. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Verifies against a fixed hash when the email is unknown, so that "no such user" and "wrong
 * password" take the same time and an attacker cannot probe which emails have accounts.
 */
let decoyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  decoyHash ??= hash("decoy-password-never-matches");
  await verifyPassword(await decoyHash, password);
}
