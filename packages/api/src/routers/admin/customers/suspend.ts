import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { customerSnapshot, lockCustomer } from "./customer-snapshot";
import { suspendInput } from "./customers.types";

/** Stops a customer's model access (chat and API keys); data and billing history stay. */
export const suspend = adminProcedure.input(suspendInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    await lockCustomer(trx, input.id);
    const before = await customerSnapshot(trx, input.id);
    if (before.suspendedAt) return before;
    await trx.updateTable("customers").set({ suspended_at: new Date() }).where("id", "=", input.id).execute();
    const after = await customerSnapshot(trx, input.id);
    await writeAudit(trx, ctx.admin.id, { action: "customer.suspend", targetType: "customer", targetId: input.id, before, after: { ...after, reason: input.reason } });
    return after;
  });
});
