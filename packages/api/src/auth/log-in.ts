import { AppError, parseOrThrow } from "../errors";
import type { Db, SessionUser } from "../context";
import { logInInput, type LogInInput } from "./auth.types";
import type { SessionAudience } from "./cookies";
import { clearLoginFailures, loginThrottleKey, takeLoginAttempt } from "./login-throttle";
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
  const waitMinutes = await takeLoginAttempt(db, key);
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
  // The attempt was counted before the check; a failure leaves it counted.
  if (!user || !ok) throw wrongCredentials();
  // The right password: earlier failures are forgiven, whichever portal it was meant for.
  await clearLoginFailures(db, key);
  if (user.role !== options.audience) {
    throw new AppError(
      "FORBIDDEN",
      user.role === "admin"
        ? "This is an admin account. Sign in at the admin portal."
        : "This account cannot sign in to the admin portal.",
    );
  }
  const session = await createSession(db, user.id);
  return {
    user: { id: user.id, email: user.email, role: user.role, customerId: user.customer_id, sessionId: session.id },
    session,
  };
}
