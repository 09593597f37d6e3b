import { AppError, parseOrThrow } from "../errors";
import type { Db, SessionUser } from "../context";
import { logInInput, type LogInInput } from "./auth.types";
import type { SessionAudience } from "./cookies";
import { clearLoginFailures, loginRetryAfterMinutes, loginThrottleKey, recordLoginFailure } from "./login-throttle";
import { burnPasswordCheck, verifyPassword } from "./password";
import { createSession, type IssuedSession } from "./sessions";

export interface LogInOptions {
  ip: string | null;
  /** Which app is signing in: customer users may not enter the admin portal and vice versa. */
  audience: SessionAudience;
}

const wrongCredentials = () => new AppError("INVALID_CREDENTIALS", "Email or password is incorrect.");

export async function logIn(
  db: Db,
  rawInput: LogInInput,
  options: LogInOptions,
): Promise<{ user: SessionUser; session: IssuedSession }> {
  const input = parseOrThrow(logInInput, rawInput);
  const key = loginThrottleKey(input.email, options.ip);
  const waitMinutes = await loginRetryAfterMinutes(db, key);
  if (waitMinutes > 0) {
    throw new AppError(
      "RATE_LIMITED",
      `Too many failed sign-in attempts. Try again in about ${waitMinutes} minute${waitMinutes === 1 ? "" : "s"}, or reset your password.`,
    );
  }
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "password_hash", "role", "customer_id"])
    .where("email", "=", input.email)
    .executeTakeFirst();
  const ok = user ? await verifyPassword(user.password_hash, input.password) : (await burnPasswordCheck(input.password), false);
  if (!user || !ok) {
    await recordLoginFailure(db, key);
    throw wrongCredentials();
  }
  if (user.role !== options.audience) {
    throw new AppError(
      "FORBIDDEN",
      user.role === "admin"
        ? "This is an admin account. Sign in at the admin portal."
        : "This account cannot sign in to the admin portal.",
    );
  }
  await clearLoginFailures(db, key);
  const session = await createSession(db, user.id);
  return {
    user: { id: user.id, email: user.email, role: user.role, customerId: user.customer_id, sessionId: session.id },
    session,
  };
}
