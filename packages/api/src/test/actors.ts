import { randomUUID } from "node:crypto";
import type { Database } from "@meterkit/db";
import type { Kysely } from "kysely";
import type Stripe from "stripe";
import { hashPassword } from "../auth/password";
import { createSession } from "../auth/sessions";
import { signUp } from "../auth/sign-up";
import { createContext, type ApiKeyPrincipal, type SessionUser } from "../context";
import { createCaller } from "../root";

type Db = Kysely<Database>;

export const testPassword = "correct horse battery";

export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.test`;
}

export function callerAs(db: Db, who: { sessionUser?: SessionUser | null; apiKey?: ApiKeyPrincipal | null } = {}, stripe?: Stripe | null) {
  return createCaller(createContext({ db, stripe: stripe ?? null, sessionUser: who.sessionUser ?? null, apiKey: who.apiKey ?? null, appUrl: "http://localhost:3000" }));
}

/** A customer signed up through the real sign-up flow, with a caller bound to their session. */
export async function signUpCustomer(db: Db, label = "customer", stripe?: Stripe | null) {
  const result = await signUp(db, { email: uniqueEmail(label), password: testPassword, name: `${label} Inc` });
  return { ...result, caller: callerAs(db, { sessionUser: result.user }, stripe) };
}

/** An admin user (no customer) with a session and a caller. */
export async function createAdmin(db: Db, stripe?: Stripe | null) {
  const email = uniqueEmail("admin");
  const user = await db
    .insertInto("users")
    .values({ email, password_hash: await hashPassword(testPassword), role: "admin", customer_id: null })
    .returning(["id", "email"])
    .executeTakeFirstOrThrow();
  const session = await createSession(db, user.id);
  const sessionUser: SessionUser = { id: user.id, email, role: "admin", customerId: null, sessionId: session.id };
  return { user: sessionUser, session, caller: callerAs(db, { sessionUser }, stripe) };
}

/** Captures what a promise rejects with, failing the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; appCode?: string; cause?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error("expected the call to be rejected, but it resolved");
}
