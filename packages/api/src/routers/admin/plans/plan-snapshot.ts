import type { Db } from "../../../context";
import { AppError } from "../../../errors";
import { iso } from "../../../lib/serialize";
import { currentRatesByPlan } from "../../plans/plan-rates";

/** A plan with its current rates as the admin portal shows it and the audit log records it. */
export async function planSnapshot(db: Db, planId: string) {
  const p = await db.selectFrom("plans").selectAll().where("id", "=", planId).executeTakeFirst();
  if (!p) throw new AppError("NOT_FOUND", "Plan not found.");
  const rates = (await currentRatesByPlan(db, [p.id])).get(p.id) ?? [];
  return {
    id: p.id,
    code: p.code,
    name: p.name,
    description: p.description,
    currency: p.currency,
    baseFeeMicros: p.base_fee_micros,
    hardCapMicros: p.hard_cap_micros,
    tokensPerMinute: p.tokens_per_minute,
    requestsPerMinute: p.requests_per_minute,
    contextPolicy: p.context_policy,
    billPromptAs: p.bill_prompt_as,
    flushPolicy: p.flush_policy,
    flushIntervalSeconds: p.flush_interval_seconds,
    isPublic: p.is_public,
    archivedAt: iso(p.archived_at),
    stripeProductId: p.stripe_product_id,
    stripeBasePriceId: p.stripe_base_price_id,
    createdAt: iso(p.created_at),
    updatedAt: iso(p.updated_at),
    rates,
  };
}
export type PlanSnapshot = Awaited<ReturnType<typeof planSnapshot>>;
