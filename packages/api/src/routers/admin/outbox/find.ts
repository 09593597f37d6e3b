import { adminProcedure } from "../../../trpc";
import { findReportsInput } from "./outbox.types";
import { reportsQuery, toReportView } from "./report-view";

/**
 * Outbox reports, oldest first (the oldest unsent report is the lag). Without a status filter,
 * the ones that need attention: pending, failed and dead.
 */
export const find = adminProcedure.input(findReportsInput).query(async ({ ctx, input }) => {
  let query = reportsQuery(ctx.db);
  query = input.status
    ? query.where("r.status", "=", input.status)
    : query.where("r.status", "in", ["pending", "failed", "dead"]);
  if (input.customerId) query = query.where("r.customer_id", "=", input.customerId);
  const rows = await query.orderBy("r.created_at").orderBy("r.id").limit(input.limit).execute();
  const now = new Date();
  return rows.map((r) => toReportView(r, now));
});
