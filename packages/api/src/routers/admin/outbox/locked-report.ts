import { sql } from "kysely";
import type { Db } from "../../../context";
import { AppError } from "../../../errors";
import { reportsQuery, toReportView, type ReportView } from "./report-view";

/**
 * Locks a failed or dead report for an admin action. A report a worker holds a live lease on
 * may be mid-send to Stripe; changing it then could mark as discarded what Stripe just accepted,
 * so it is refused until the lease ends.
 */
export async function lockActionableReport(trx: Db, id: string): Promise<ReportView> {
  const locked = await trx
    .selectFrom("meter_reports")
    .select(["id", "status", sql<Date | null>`claimed_until`.as("claimed_until")])
    .where("id", "=", id)
    .forUpdate()
    .executeTakeFirst();
  if (!locked) throw new AppError("NOT_FOUND", "Outbox report not found.");
  if (locked.status !== "failed" && locked.status !== "dead") {
    throw new AppError("CONFLICT", `Only failed or dead reports can be changed; this one is ${locked.status}.`);
  }
  if (locked.claimed_until && new Date(locked.claimed_until).getTime() > Date.now()) {
    throw new AppError("CONFLICT", "A worker is sending this report right now; try again in a minute.");
  }
  const row = await reportsQuery(trx).where("r.id", "=", id).executeTakeFirstOrThrow();
  return toReportView(row);
}
