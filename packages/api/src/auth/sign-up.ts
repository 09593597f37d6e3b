import { AppError, parseOrThrow } from "../errors";
import type { Db, SessionUser } from "../context";
import { signUpInput, type SignUpInput } from "./auth.types";
import { hashPassword } from "./password";
import { createSession, type IssuedSession } from "./sessions";
import { isUniqueViolation } from "./unique-violation";

export interface CreatedCustomer {
  id: string;
  email: string;
  name: string;
}

export interface SignUpOptions {
  /**
   * Runs after the customer and user are committed, e.g. to create the Stripe customer. A
   * failure here is logged, not thrown: the account exists, and checkout creates the Stripe
   * customer on demand when it is still missing.
   */
  onCustomerCreated?: (customer: CreatedCustomer) => Promise<void>;
}

const duplicateEmail = () =>
  new AppError("ALREADY_EXISTS", "An account with this email already exists. Sign in instead.", {
    fieldErrors: { email: ["An account with this email already exists."] },
  });

/** Creates a customer and its first user in one transaction, then signs the user in. */
export async function signUp(
  db: Db,
  rawInput: SignUpInput,
  options: SignUpOptions = {},
): Promise<{ user: SessionUser; customer: CreatedCustomer; session: IssuedSession }> {
  const input = parseOrThrow(signUpInput, rawInput);
  // Hash before the transaction: argon2 takes tens of milliseconds and must not hold a connection.
  const passwordHash = await hashPassword(input.password);
  let created: { customer: CreatedCustomer; userId: string };
  try {
    created = await db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
      if (taken) throw duplicateEmail();
      const customer = await trx
        .insertInto("customers")
        .values({ name: input.name, email: input.email })
        .returning(["id", "email", "name"])
        .executeTakeFirstOrThrow();
      const user = await trx
        .insertInto("users")
        .values({ customer_id: customer.id, email: input.email, password_hash: passwordHash, role: "customer" })
        .returning("id")
        .executeTakeFirstOrThrow();
      return { customer, userId: user.id };
    });
  } catch (error) {
    // Two sign-ups with one email racing past the check: the unique index decides.
    if (isUniqueViolation(error)) throw duplicateEmail();
    throw error;
  }
  const session = await createSession(db, created.userId);
  if (options.onCustomerCreated) {
    await options.onCustomerCreated(created.customer).catch((error: unknown) => {
      console.warn(`[auth] onCustomerCreated failed for customer ${created.customer.id}:`, error);
    });
  }
  const user: SessionUser = {
    id: created.userId,
    email: input.email,
    role: "customer",
    customerId: created.customer.id,
    sessionId: session.id,
  };
  return { user, customer: created.customer, session };
}
