import type { NewUser, User } from "../schema/index.js";
import { isUuid, type Executor } from "./executor.js";

/** Emails are stored lower-cased (a CHECK enforces it), so lookups normalise the same way. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUser(db: Executor, id: string): Promise<User | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function findUserByEmail(db: Executor, email: string): Promise<User | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normaliseEmail(email)).executeTakeFirst();
}

/** Throws pg's unique_violation (23505) when the email is taken. */
export async function createUser(db: Executor, user: NewUser): Promise<User> {
  return db
    .insertInto("users")
    .values({ ...user, email: normaliseEmail(user.email) })
    .returningAll()
    .executeTakeFirstOrThrow();
}
