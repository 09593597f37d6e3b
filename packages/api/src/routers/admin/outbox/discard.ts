import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { lockActionableReport } from "./locked-report";
import { discardReportInput } from "./outbox.types";
import { reportsQuery, toReportView } from "./report-view";

/**
 * Gives up on a failed or dead report, with a reason. Its usage stays in the ledger but will
 * not reach Stripe through this report; the next reconciliation shows the gap, where it can be
 * repaired deliberately.
 */
export const discard = adminProcedure.input(discardReportInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await lockActionableReport(trx, input.id);
    await trx
      .updateTable("meter_reports")
      .set({ status: "discarded", discard_reason: input.reason })
      .where("id", "=", input.id)
      .execute();
    const after = toReportView(await reportsQuery(trx).where("r.id", "=", input.id).executeTakeFirstOrThrow());
    await writeAudit(trx, ctx.admin.id, { action: "outbox.discard", targetType: "meter_report", targetId: input.id, before, after });
    return after;
  });
});
