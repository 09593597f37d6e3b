import type { PlanUpdate } from "@meterkit/db";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { applyRates } from "./apply-rates";
import { planSnapshot } from "./plan-snapshot";
import { updatePlanInput } from "./plans.types";
import { syncToStripe } from "./sync-to-stripe";

/** Changes plan fields and/or its rates (a changed rate becomes a new version), then syncs Stripe. */
export const update = adminProcedure.input(updatePlanInput).mutation(async ({ ctx, input }) => {
  await ctx.db.transaction().execute(async (trx) => {
    await trx.selectFrom("plans").select("id").where("id", "=", input.id).forUpdate().executeTakeFirst();
    const before = await planSnapshot(trx, input.id);
    const set: PlanUpdate = { updated_at: new Date() };
    if (input.name !== undefined) set.name = input.name;
    if (input.description !== undefined) set.description = input.description;
    if (input.baseFeeMicros !== undefined) set.base_fee_micros = input.baseFeeMicros;
    if (input.hardCapMicros !== undefined) set.hard_cap_micros = input.hardCapMicros;
    if (input.tokensPerMinute !== undefined) set.tokens_per_minute = input.tokensPerMinute;
    if (input.requestsPerMinute !== undefined) set.requests_per_minute = input.requestsPerMinute;
    if (input.contextPolicy !== undefined) set.context_policy = input.contextPolicy;
    if (input.billPromptAs !== undefined) set.bill_prompt_as = input.billPromptAs;
    if (input.flushPolicy !== undefined) set.flush_policy = input.flushPolicy;
    if (input.flushIntervalSeconds !== undefined) set.flush_interval_seconds = input.flushIntervalSeconds;
    if (input.isPublic !== undefined) set.is_public = input.isPublic;
    await trx.updateTable("plans").set(set).where("id", "=", input.id).execute();
    if (input.rates) await applyRates(trx, input.id, input.rates);
    await writeAudit(trx, ctx.admin.id, {
      action: "plan.update",
      targetType: "plan",
      targetId: input.id,
      before,
      after: await planSnapshot(trx, input.id),
    });
  });
  const stripeSync = await syncToStripe(ctx, input.id);
  return { plan: await planSnapshot(ctx.db, input.id), stripeSync };
});
