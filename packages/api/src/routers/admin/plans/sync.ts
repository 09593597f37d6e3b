import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { planSnapshot } from "./plan-snapshot";
import { planIdInput } from "./plans.types";
import { syncToStripe } from "./sync-to-stripe";

/** Re-runs the (idempotent) Stripe sync of one plan, e.g. after a failed sync on save. */
export const sync = adminProcedure.input(planIdInput).mutation(async ({ ctx, input }) => {
  const before = await planSnapshot(ctx.db, input.id);
  const stripeSync = await syncToStripe(ctx, input.id);
  const after = await planSnapshot(ctx.db, input.id);
  await writeAudit(ctx.db, ctx.admin.id, { action: "plan.sync", targetType: "plan", targetId: input.id, before, after: { ...after, stripeSync } });
  return { plan: after, stripeSync };
});
