import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { customerSnapshot, lockCustomer } from "./customer-snapshot";
import { resumeInput } from "./customers.types";

export const resume = adminProcedure.input(resumeInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    await lockCustomer(trx, input.id);
    const before = await customerSnapshot(trx, input.id);
    if (!before.suspendedAt) return before;
    await trx.updateTable("customers").set({ suspended_at: null }).where("id", "=", input.id).execute();
    const after = await customerSnapshot(trx, input.id);
    await writeAudit(trx, ctx.admin.id, { action: "customer.resume", targetType: "customer", targetId: input.id, before, after: { ...after, reason: input.reason } });
    return after;
  });
});
