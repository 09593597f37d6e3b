import { AppError, parseOrThrow } from "../errors";
import type { Db, SessionUser } from "../context";
import { changePasswordInput, type ChangePasswordInput } from "./auth.types";
import { clearLoginFailuresForEmail, loginThrottleKey, takeLoginAttempt } from "./login-throttle";
import { hashPassword, verifyPassword } from "./password";
import { deleteUserSessions } from "./sessions";

export interface ChangePasswordOptions {
  /** The caller's IP: wrong current passwords count against the same (email, IP) limit as sign-in. */
  ip: string | null;
  /** Runs in the transaction that stores the new hash, e.g. to write an admin audit entry. */
  onChanged?: (trx: Db, outcome: { endedSessions: number }) => Promise<void>;
}

const wrongCurrentPassword = () =>
  new AppError("INVALID_INPUT", "Your current password is incorrect.", {
    fieldErrors: { currentPassword: ["Your current password is incorrect."] },
  });

/**
 * A signed-in user replaces their password, proving they know the current one. Like a reset, it
 * spends any outstanding reset links and forgives earlier failed sign-ins; unlike a reset, the
 * session that made the change stays signed in, and every other session of the user ends.
 */
export async function changePassword(
  db: Db,
  user: Pick<SessionUser, "id" | "sessionId">,
  rawInput: ChangePasswordInput,
  options: ChangePasswordOptions,
): Promise<{ endedSessions: number }> {
  const input = parseOrThrow(changePasswordInput, rawInput);
  const row = await db.selectFrom("users").select(["email", "password_hash"]).where("id", "=", user.id).executeTakeFirst();
  if (!row) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  // Someone holding a stolen session cookie must not get unlimited guesses at the password here.
  const key = loginThrottleKey(row.email, options.ip);
  const waitMinutes = await takeLoginAttempt(db, key);
  if (waitMinutes > 0) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many wrong passwords. Try again in about ${waitMinutes} minute${waitMinutes === 1 ? "" : "s"}.`,
    );
  }
  // Counted before the check: a wrong guess stays counted, a right one is cleared below.
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) throw wrongCurrentPassword();
  // Hash before the transaction: argon2 takes tens of milliseconds and must not hold a connection.
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    // Only over the hash that was just verified: a change that raced this one wins, this one fails.
    const updated = await trx
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where("id", "=", user.id)
      .where("password_hash", "=", row.password_hash)
      .returning("id")
      .executeTakeFirst();
    if (!updated) throw new AppError("CONFLICT", "Your password was changed by another request meanwhile. Reload the page and try again.");
    await trx.updateTable("password_resets").set({ used_at: new Date() }).where("user_id", "=", user.id).where("used_at", "is", null).execute();
    const endedSessions = await deleteUserSessions(trx, user.id, user.sessionId);
    await clearLoginFailuresForEmail(trx, row.email);
    await options.onChanged?.(trx, { endedSessions });
    return { endedSessions };
  });
}
