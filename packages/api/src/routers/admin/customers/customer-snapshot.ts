import type { Db } from "../../../context";
import { AppError } from "../../../errors";
import { iso } from "../../../lib/serialize";

export function customersQuery(db: Db) {
  return db
    .selectFrom("customers as c")
    .leftJoin("plans as p", "p.id", "c.plan_id")
    .select([
      "c.id",
      "c.name",
      "c.email",
      "c.stripe_customer_id",
      "c.stripe_subscription_id",
      "c.subscription_status",
      "c.current_period_start",
      "c.current_period_end",
      "c.monthly_budget_micros",
      "c.suspended_at",
      "c.created_at",
      "p.id as plan_id",
      "p.code as plan_code",
      "p.name as plan_name",
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof customersQuery>["execute"]>>[number];

export function toCustomerView(c: Row) {
  return {
    id: c.id,
    name: c.name,
    email: c.email,
    stripeCustomerId: c.stripe_customer_id,
    stripeSubscriptionId: c.stripe_subscription_id,
    subscriptionStatus: c.subscription_status,
    currentPeriodStart: iso(c.current_period_start),
    currentPeriodEnd: iso(c.current_period_end),
    monthlyBudgetMicros: c.monthly_budget_micros,
    suspendedAt: iso(c.suspended_at),
    createdAt: iso(c.created_at),
    plan: c.plan_id ? { id: c.plan_id, code: c.plan_code ?? "", name: c.plan_name ?? "" } : null,
  };
}
export type CustomerView = ReturnType<typeof toCustomerView>;

export async function customerSnapshot(db: Db, id: string): Promise<CustomerView> {
  const row = await customersQuery(db).where("c.id", "=", id).executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "Customer not found.");
  return toCustomerView(row);
}

/** Row lock for a read-modify-write on one customer; NOT_FOUND when it does not exist. */
export async function lockCustomer(trx: Db, id: string): Promise<void> {
  const row = await trx.selectFrom("customers").select("id").where("id", "=", id).forUpdate().executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "Customer not found.");
}
