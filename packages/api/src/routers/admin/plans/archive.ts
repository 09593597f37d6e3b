import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { planSnapshot } from "./plan-snapshot";
import { planIdInput } from "./plans.types";

/**
 * Takes a plan off sale. Customers already on it keep it (their subscriptions and rates are
 * unchanged); it just cannot be chosen at checkout any more. Archiving twice is a no-op.
 */
export const archive = adminProcedure.input(planIdInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    await trx.selectFrom("plans").select("id").where("id", "=", input.id).forUpdate().executeTakeFirst();
    const before = await planSnapshot(trx, input.id);
    if (before.archivedAt) return before;
    await trx.updateTable("plans").set({ archived_at: new Date(), is_public: false, updated_at: new Date() }).where("id", "=", input.id).execute();
    const after = await planSnapshot(trx, input.id);
    await writeAudit(trx, ctx.admin.id, { action: "plan.archive", targetType: "plan", targetId: input.id, before, after });
    return after;
  });
});
