import { isUniqueViolation } from "../../../auth/unique-violation";
import { AppError } from "../../../errors";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { applyRates } from "./apply-rates";
import { planSnapshot } from "./plan-snapshot";
import { createPlanInput } from "./plans.types";
import { syncToStripe } from "./sync-to-stripe";

const codeTaken = (code: string) =>
  new AppError("ALREADY_EXISTS", `A plan with code "${code}" already exists.`, { fieldErrors: { code: ["This code is taken."] } });

export const create = adminProcedure.input(createPlanInput).mutation(async ({ ctx, input }) => {
  let planId: string;
  try {
    planId = await ctx.db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom("plans").select("id").where("code", "=", input.code).executeTakeFirst();
      if (taken) throw codeTaken(input.code);
      const plan = await trx
        .insertInto("plans")
        .values({
          code: input.code,
          name: input.name,
          description: input.description,
          base_fee_micros: input.baseFeeMicros,
          hard_cap_micros: input.hardCapMicros,
          tokens_per_minute: input.tokensPerMinute,
          requests_per_minute: input.requestsPerMinute,
          context_policy: input.contextPolicy,
          bill_prompt_as: input.billPromptAs,
          flush_policy: input.flushPolicy,
          flush_interval_seconds: input.flushIntervalSeconds,
          is_public: input.isPublic,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await applyRates(trx, plan.id, input.rates);
      await writeAudit(trx, ctx.admin.id, {
        action: "plan.create",
        targetType: "plan",
        targetId: plan.id,
        after: await planSnapshot(trx, plan.id),
      });
      return plan.id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw codeTaken(input.code);
    throw error;
  }
  const stripeSync = await syncToStripe(ctx, planId);
  return { plan: await planSnapshot(ctx.db, planId), stripeSync };
});
