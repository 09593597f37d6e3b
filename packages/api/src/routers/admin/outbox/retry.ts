import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { lockActionableReport } from "./locked-report";
import { retryReportInput } from "./outbox.types";
import { reportsQuery, toReportView } from "./report-view";

/**
 * Puts a failed or dead report back in the queue, due now, with a fresh attempt budget. Its
 * identifier is unchanged, so if an earlier attempt did reach Stripe the resend is a duplicate
 * and counts once.
 */
export const retry = adminProcedure.input(retryReportInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await lockActionableReport(trx, input.id);
    await trx
      .updateTable("meter_reports")
      .set({ status: "pending", attempts: 0, next_attempt_at: new Date() })
      .where("id", "=", input.id)
      .execute();
    const after = toReportView(await reportsQuery(trx).where("r.id", "=", input.id).executeTakeFirstOrThrow());
    await writeAudit(trx, ctx.admin.id, { action: "outbox.retry", targetType: "meter_report", targetId: input.id, before, after });
    return after;
  });
});
