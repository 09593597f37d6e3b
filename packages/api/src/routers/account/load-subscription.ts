import type { Db } from "../../context";
import { AppError } from "../../errors";
import { iso } from "../../lib/serialize";
import type { SubscriptionView } from "./account.types";

export async function loadSubscription(db: Db, customerId: string): Promise<SubscriptionView> {
  const row = await db
    .selectFrom("customers")
    .leftJoin("plans", "plans.id", "customers.plan_id")
    .select([
      "customers.subscription_status",
      "customers.current_period_start",
      "customers.current_period_end",
      "customers.stripe_customer_id",
      "customers.suspended_at",
      "plans.id as plan_id",
      "plans.code as plan_code",
      "plans.name as plan_name",
      "plans.base_fee_micros",
      "plans.hard_cap_micros",
    ])
    .where("customers.id", "=", customerId)
    .executeTakeFirst();
  if (!row) throw new AppError("NOT_FOUND", "Customer not found.");
  const suspended = row.suspended_at !== null;
  const live = row.subscription_status === "active" || row.subscription_status === "trialing";
  return {
    status: row.subscription_status,
    canUseModels: live && !suspended,
    plan:
      row.plan_id && row.plan_code && row.plan_name
        ? {
            id: row.plan_id,
            code: row.plan_code,
            name: row.plan_name,
            baseFeeMicros: Number(row.base_fee_micros ?? 0),
            hardCapMicros: row.hard_cap_micros === null ? null : Number(row.hard_cap_micros),
          }
        : null,
    currentPeriodStart: iso(row.current_period_start),
    currentPeriodEnd: iso(row.current_period_end),
    hasStripeCustomer: row.stripe_customer_id !== null,
    suspended,
  };
}
