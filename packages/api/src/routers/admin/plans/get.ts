import { iso } from "../../../lib/serialize";
import { adminProcedure } from "../../../trpc";
import { planIdInput } from "./plans.types";
import { planSnapshot } from "./plan-snapshot";

/** One plan with its full rate history and its Stripe prices. */
export const get = adminProcedure.input(planIdInput).query(async ({ ctx, input }) => {
  const plan = await planSnapshot(ctx.db, input.id);
  const history = await ctx.db
    .selectFrom("plan_rates")
    .selectAll()
    .where("plan_id", "=", input.id)
    .orderBy("model")
    .orderBy("version", "desc")
    .execute();
  const prices = await ctx.db
    .selectFrom("plan_prices")
    .innerJoin("meters", "meters.id", "plan_prices.meter_id")
    .select([
      "plan_prices.id",
      "plan_prices.rate_version",
      "plan_prices.unit_amount_decimal",
      "plan_prices.stripe_price_id",
      "plan_prices.active",
      "meters.model",
      "meters.token_class",
      "meters.event_name",
    ])
    .where("plan_prices.plan_id", "=", input.id)
    .orderBy("meters.model")
    .orderBy("meters.token_class")
    .execute();
  return {
    plan,
    rateHistory: history.map((r) => ({
      model: r.model,
      version: r.version,
      inputMicrosPerMtok: r.input_micros_per_mtok,
      cachedInputMicrosPerMtok: r.cached_input_micros_per_mtok,
      outputMicrosPerMtok: r.output_micros_per_mtok,
      createdAt: iso(r.created_at),
      supersededAt: iso(r.superseded_at),
    })),
    prices: prices.map((p) => ({
      id: p.id,
      model: p.model,
      tokenClass: p.token_class,
      eventName: p.event_name,
      rateVersion: p.rate_version,
      unitAmountDecimal: p.unit_amount_decimal,
      stripePriceId: p.stripe_price_id,
      active: p.active,
    })),
  };
});
