import { AppError, parseOrThrow } from "../errors";
import type { Db, Mail } from "../context";
import {
  requestPasswordResetInput,
  resetPasswordInput,
  type RequestPasswordResetInput,
  type ResetPasswordInput,
} from "./auth.types";
import { clearLoginFailuresForEmail } from "./login-throttle";
import { hashPassword } from "./password";
import { deleteUserSessions } from "./sessions";
import { randomToken, sha256Hex } from "./tokens";

export const resetLinkLifetimeMs = 60 * 60 * 1000;

export interface RequestPasswordResetOptions {
  sendMail: (mail: Mail) => Promise<void>;
  /** Builds the link the mail carries, e.g. (t) => `${WEB_URL}/reset-password?token=${t}`. */
  resetUrl: (token: string) => string;
}

/**
 * Always resolves the same way whether or not the email has an account, so the form cannot be
 * used to discover who is a customer. Only the token's hash is stored.
 */
export async function requestPasswordReset(
  db: Db,
  rawInput: RequestPasswordResetInput,
  options: RequestPasswordResetOptions,
): Promise<void> {
  const input = parseOrThrow(requestPasswordResetInput, rawInput);
  const user = await db.selectFrom("users").select(["id", "email"]).where("email", "=", input.email).executeTakeFirst();
  if (!user) return;
  const token = randomToken();
  await db
    .insertInto("password_resets")
    .values({ user_id: user.id, token_hash: sha256Hex(token), expires_at: new Date(Date.now() + resetLinkLifetimeMs) })
    .execute();
  await options.sendMail({
    to: user.email,
    subject: "Reset your Meterkit password",
    text: `Someone asked to reset the password of this account. If it was you, open this link within one hour:\n\n${options.resetUrl(token)}\n\nIf it was not you, ignore this mail; your password stays as it is.`,
  });
}

const invalidLink = () =>
  new AppError("INVALID_TOKEN", "This reset link is invalid, already used or expired. Request a new one.");

/** Sets the new password, spends the link, and signs the user out everywhere. */
export async function resetPassword(db: Db, rawInput: ResetPasswordInput): Promise<void> {
  const input = parseOrThrow(resetPasswordInput, rawInput);
  const passwordHash = await hashPassword(input.password);
  await db.transaction().execute(async (trx) => {
    // Spending the link is the guarded write, so two concurrent uses cannot both succeed.
    const spent = await trx
      .updateTable("password_resets")
      .set({ used_at: new Date() })
      .where("token_hash", "=", sha256Hex(input.token))
      .where("used_at", "is", null)
      .where("expires_at", ">", new Date())
      .returning("user_id")
      .executeTakeFirst();
    if (!spent) throw invalidLink();
    const user = await trx
      .updateTable("users")
      .set({ password_hash: passwordHash })
      .where("id", "=", spent.user_id)
      .returning("email")
      .executeTakeFirstOrThrow();
    // Other outstanding links for the account die with this one.
    await trx
      .updateTable("password_resets")
      .set({ used_at: new Date() })
      .where("user_id", "=", spent.user_id)
      .where("used_at", "is", null)
      .execute();
    await deleteUserSessions(trx, spent.user_id);
    await clearLoginFailuresForEmail(trx, user.email);
  });
}
