import type { Customer, NewCustomer } from "../schema/index.js";
import { isUuid, type Executor } from "./executor.js";

export async function getCustomer(db: Executor, id: string): Promise<Customer | undefined> {
  if (!isUuid(id)) return undefined;
  return db.selectFrom("customers").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Customer emails are contact addresses, not unique; the oldest match wins. */
export async function findCustomerByEmail(db: Executor, email: string): Promise<Customer | undefined> {
  return db
    .selectFrom("customers")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.trim().toLowerCase()))
    .orderBy("created_at")
    .executeTakeFirst();
}

export async function getCustomerByStripeId(db: Executor, stripeCustomerId: string): Promise<Customer | undefined> {
  return db.selectFrom("customers").selectAll().where("stripe_customer_id", "=", stripeCustomerId).executeTakeFirst();
}

export async function createCustomer(db: Executor, customer: NewCustomer): Promise<Customer> {
  return db
    .insertInto("customers")
    .values({ ...customer, email: customer.email.trim() })
    .returningAll()
    .executeTakeFirstOrThrow();
}
