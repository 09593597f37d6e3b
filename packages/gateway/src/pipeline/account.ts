import type { Db, Plan, SubscriptionStatus } from "@meterkit/db";
import { GatewayError } from "../errors";

export type Account = {
  customerId: string;
  subscriptionStatus: SubscriptionStatus;
  suspended: boolean;
  monthlyBudgetMicros: number | null;
  periodStart: Date;
  plan: Plan | null;
};

export type PlanRate = {
  version: number;
  inputMicrosPerMtok: number;
  cachedInputMicrosPerMtok: number;
  outputMicrosPerMtok: number;
};

// Subscriptions that may use the product right now. past_due is refused: Stripe is retrying a
// failed payment and usage would keep growing an invoice that may never be paid.
const usableStatuses = new Set<SubscriptionStatus>(["active", "trialing"]);

/** The customer, their plan and their billing period in one query. */
export async function loadAccount(db: Db, customerId: string): Promise<Account | null> {
  const row = await db
    .selectFrom("customers")
    .leftJoin("plans", "plans.id", "customers.plan_id")
    .selectAll("plans")
    .select([
      "customers.id as customer_id",
      "customers.subscription_status",
      "customers.suspended_at",
      "customers.monthly_budget_micros",
      "customers.current_period_start",
      "customers.plan_id as customer_plan_id",
    ])
    .where("customers.id", "=", customerId)
    .executeTakeFirst();
  if (!row) return null;
  const { customer_id, subscription_status, suspended_at, monthly_budget_micros, current_period_start, customer_plan_id, ...plan } = row;
  return {
    customerId: customer_id,
    subscriptionStatus: subscription_status,
    suspended: suspended_at !== null,
    monthlyBudgetMicros: monthly_budget_micros === null ? null : Number(monthly_budget_micros),
    periodStart: current_period_start ? new Date(current_period_start) : startOfUtcMonth(new Date()),
    plan: customer_plan_id && plan.id ? (plan as Plan) : null,
  };
}

/** Refuses accounts that may not send requests; returns the plan of one that may. */
export function assertAccountUsable(account: Account): Plan {
  if (account.suspended) {
    throw new GatewayError("account_suspended", "This account is suspended. Contact support to restore access.");
  }
  if (!account.plan || !usableStatuses.has(account.subscriptionStatus)) {
    throw new GatewayError(
      "subscription_inactive",
      "This account has no active subscription. Choose a plan (or update your payment method) to use the API.",
    );
  }
  return account.plan;
}

/** The rate in force for `model` on the plan, or null when the plan does not offer the model. */
export async function findRate(db: Db, planId: string, model: string): Promise<PlanRate | null> {
  const row = await db
    .selectFrom("plan_rates")
    .select(["version", "input_micros_per_mtok", "cached_input_micros_per_mtok", "output_micros_per_mtok"])
    .where("plan_id", "=", planId)
    .where("model", "=", model)
    .where("superseded_at", "is", null)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) return null;
  return {
    version: Number(row.version),
    inputMicrosPerMtok: Number(row.input_micros_per_mtok),
    cachedInputMicrosPerMtok: Number(row.cached_input_micros_per_mtok),
    outputMicrosPerMtok: Number(row.output_micros_per_mtok),
  };
}

/** Models the plan currently prices, for GET /v1/models. */
export async function planModels(db: Db, planId: string): Promise<string[]> {
  const rows = await db
    .selectFrom("plan_rates")
    .select("model")
    .distinct()
    .where("plan_id", "=", planId)
    .where("superseded_at", "is", null)
    .orderBy("model")
    .execute();
  return rows.map((r) => r.model);
}

function startOfUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}
