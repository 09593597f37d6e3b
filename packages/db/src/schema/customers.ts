import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { BigIntColumn, CreatedAt, Id, Timestamp } from "./columns.js";

export const subscriptionStatuses = ["none", "incomplete", "trialing", "active", "past_due", "canceled", "unpaid"] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];

export interface CustomersTable {
  id: Id;
  name: string;
  email: string;
  /** Null until the Stripe customer exists; unique once set. */
  stripe_customer_id: string | null;
  plan_id: string | null;
  /** Defaults to 'none'. */
  subscription_status: Generated<SubscriptionStatus>;
  stripe_subscription_id: string | null;
  current_period_start: Timestamp | null;
  current_period_end: Timestamp | null;
  monthly_budget_micros: BigIntColumn | null;
  suspended_at: Timestamp | null;
  created_at: CreatedAt;
}

export type Customer = Selectable<CustomersTable>;
export type NewCustomer = Insertable<CustomersTable>;
export type CustomerUpdate = Updateable<CustomersTable>;
