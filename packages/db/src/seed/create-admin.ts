import { hash } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { z } from "zod";
import { normaliseEmail } from "../repositories/users.js";
import type { Database } from "../schema/index.js";

/** The sign-up rule (packages/api newPasswordSchema): 10 to 200 characters. */
const PASSWORD_LENGTH = { min: 10, max: 200 };

export type AdminOutcome = { userId: string; created: boolean };

export class CreateAdminError extends Error {}

/** A password for someone to change later: 24 URL-safe characters from 18 random bytes. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * Creates an admin of the portal, or sets a new password for an existing one and ends their
 * sessions: the way a production install gets its first admin, and the way back in when an
 * admin's password is lost (there is no mail transport for a reset link). An email that belongs
 * to a customer's user is refused rather than promoted.
 */
export async function createOrResetAdmin(db: Kysely<Database>, input: { email: string; password: string }): Promise<AdminOutcome> {
  const email = normaliseEmail(input.email);
  // The sign-in form's rule (zod's email check), so the admin can actually sign in.
  if (!z.email().safeParse(email).success) throw new CreateAdminError(`"${input.email}" is not an email address.`);
  if (input.password.length < PASSWORD_LENGTH.min || input.password.length > PASSWORD_LENGTH.max) {
    throw new CreateAdminError(`The password must be ${PASSWORD_LENGTH.min} to ${PASSWORD_LENGTH.max} characters.`);
  }
  const passwordHash = await hash(input.password);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom("users").select(["id", "role"]).where("email", "=", email).forUpdate().executeTakeFirst();
    if (existing && existing.role !== "admin") throw new CreateAdminError(`${email} is a customer's user; an admin needs an email of their own.`);
    if (existing) {
      await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", existing.id).execute();
      // Whoever held the old password is signed out everywhere.
      await trx.deleteFrom("sessions").where("user_id", "=", existing.id).execute();
      return { userId: existing.id, created: false };
    }
    const user = await trx
      .insertInto("users")
      .values({ email, password_hash: passwordHash, role: "admin", customer_id: null })
      .returning("id")
      .executeTakeFirstOrThrow();
    return { userId: user.id, created: true };
  });
}
