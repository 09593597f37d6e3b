import { publicProcedure } from "../../trpc";
import { currentRatesByPlan } from "./plan-rates";
import type { PublicPlan } from "./plans.types";

/** The published, unarchived plans with their current rates, cheapest base fee first. */
export const find = publicProcedure.query(async ({ ctx }): Promise<PublicPlan[]> => {
  const plans = await ctx.db
    .selectFrom("plans")
    .selectAll()
    .where("is_public", "=", true)
    .where("archived_at", "is", null)
    .orderBy("base_fee_micros")
    .orderBy("code")
    .execute();
  const rates = await currentRatesByPlan(
    ctx.db,
    plans.map((p) => p.id),
  );
  return plans.map((p) => ({
    id: p.id,
    code: p.code,
    name: p.name,
    description: p.description,
    currency: p.currency,
    baseFeeMicros: Number(p.base_fee_micros),
    hardCapMicros: p.hard_cap_micros === null ? null : Number(p.hard_cap_micros),
    tokensPerMinute: p.tokens_per_minute,
    requestsPerMinute: p.requests_per_minute,
    contextPolicy: p.context_policy,
    rates: rates.get(p.id) ?? [],
  }));
});
