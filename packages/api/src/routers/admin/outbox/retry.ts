import { requeueDeadReport } from "@meterkit/billing";
import { adminProcedure } from "../../../trpc";
import { writeAudit } from "../write-audit";
import { lockActionableReport } from "./locked-report";
import { retryReportInput } from "./outbox.types";
import { reportsQuery, toReportView } from "./report-view";

/**
 * Sends a failed or dead report again as soon as a worker is free: a dead one gets a fresh
 * attempt budget (billing's requeue), a failed one skips the rest of its backoff. Its identifier
 * is unchanged, so if an earlier attempt did reach Stripe the resend is a duplicate and counts once.
 */
export const retry = adminProcedure.input(retryReportInput).mutation(async ({ ctx, input }) => {
  return ctx.db.transaction().execute(async (trx) => {
    const before = await lockActionableReport(trx, input.id);
    if (before.status === "dead") {
      await requeueDeadReport(trx, input.id);
    } else {
      await trx.updateTable("meter_reports").set({ next_attempt_at: new Date() }).where("id", "=", input.id).execute();
    }
    const after = toReportView(await reportsQuery(trx).where("r.id", "=", input.id).executeTakeFirstOrThrow());
    await writeAudit(trx, ctx.admin.id, { action: "outbox.retry", targetType: "meter_report", targetId: input.id, before, after });
    return after;
  });
});
