import { adminProcedure } from "../../../trpc";
import { findReportsInput } from "./outbox.types";
import { reportsQuery, toReportView } from "./report-view";

/**
 * Outbox reports. Those still to deliver (pending, failed, dead; the default) oldest first: the
 * oldest unsent report is the lag. Sent and discarded ones newest first, so the limit keeps the
 * latest (oldest first, a busy outbox showed only reports from long ago).
 */
export const find = adminProcedure.input(findReportsInput).query(async ({ ctx, input }) => {
  let query = reportsQuery(ctx.db);
  query = input.status
    ? query.where("r.status", "=", input.status)
    : query.where("r.status", "in", ["pending", "failed", "dead"]);
  if (input.customerId) query = query.where("r.customer_id", "=", input.customerId);
  const order = input.status === "sent" || input.status === "discarded" ? "desc" : "asc";
  const rows = await query.orderBy("r.created_at", order).orderBy("r.id", order).limit(input.limit).execute();
  const now = new Date();
  return rows.map((r) => toReportView(r, now));
});
