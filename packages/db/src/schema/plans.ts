import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { BigIntColumn, CreatedAt, Id, Timestamp, UpdatedAt } from "./columns.js";

export const contextPolicies = ["reject", "truncate"] as const;
export type ContextPolicy = (typeof contextPolicies)[number];
export const billPromptAsOptions = ["sent", "effective"] as const;
export type BillPromptAs = (typeof billPromptAsOptions)[number];
export const flushPolicies = ["immediate", "batched"] as const;
export type FlushPolicy = (typeof flushPolicies)[number];

export interface PlansTable {
  id: Id;
  /** Unique, url-safe slug such as `starter`. */
  code: string;
  name: string;
  /** Defaults to ''. */
  description: Generated<string>;
  /** ISO 4217, lower-case; defaults to 'usd'. */
  currency: Generated<string>;
  /** Defaults to 0. */
  base_fee_micros: Generated<BigIntColumn>;
  /** Hard spending cap per billing period; null = no cap. */
  hard_cap_micros: BigIntColumn | null;
  tokens_per_minute: number;
  requests_per_minute: number;
  /** Defaults to 'reject'. */
  context_policy: Generated<ContextPolicy>;
  /** Which prompt count is billed; defaults to 'sent'. */
  bill_prompt_as: Generated<BillPromptAs>;
  /** Defaults to 'batched'. */
  flush_policy: Generated<FlushPolicy>;
  /** Defaults to 3600; used when flush_policy = 'batched'. */
  flush_interval_seconds: Generated<number>;
  /** Defaults to false: a plan is published explicitly. */
  is_public: Generated<boolean>;
  archived_at: Timestamp | null;
  stripe_product_id: string | null;
  stripe_base_price_id: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

/**
 * Versioned: a rate change inserts version + 1 and sets superseded_at on the old row, so every
 * usage event can name the version it was costed with. At most one row per (plan, model) has
 * superseded_at null (unique partial index).
 */
export interface PlanRatesTable {
  id: Id;
  plan_id: string;
  model: string;
  version: number;
  input_micros_per_mtok: BigIntColumn;
  cached_input_micros_per_mtok: BigIntColumn;
  output_micros_per_mtok: BigIntColumn;
  created_at: CreatedAt;
  superseded_at: Timestamp | null;
}

export interface PlanPricesTable {
  id: Id;
  plan_id: string;
  meter_id: string;
  rate_version: number;
  /** Stripe-style decimal string, in cents per token (e.g. "0.0001"). */
  unit_amount_decimal: string;
  stripe_price_id: string | null;
  /** Defaults to true; at most one active price per (plan, meter). */
  active: Generated<boolean>;
  created_at: CreatedAt;
}

export type Plan = Selectable<PlansTable>;
export type NewPlan = Insertable<PlansTable>;
export type PlanUpdate = Updateable<PlansTable>;
export type PlanRate = Selectable<PlanRatesTable>;
export type NewPlanRate = Insertable<PlanRatesTable>;
export type PlanRateUpdate = Updateable<PlanRatesTable>;
export type PlanPrice = Selectable<PlanPricesTable>;
export type NewPlanPrice = Insertable<PlanPricesTable>;
export type PlanPriceUpdate = Updateable<PlanPricesTable>;
