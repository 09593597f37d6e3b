import { sql } from "kysely";
import type { Db } from "../db";

/**
 * Puts a dead report back in line (an admin action, e.g. after fixing a revoked key). Same row,
 * same identifier: if Stripe did get it after all, the resend is a harmless duplicate.
 */
export async function requeueDeadReport(db: Db, reportId: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    UPDATE meter_reports SET status = 'failed', next_attempt_at = now(), attempts = 0, claimed_until = NULL
    WHERE id = ${reportId} AND status = 'dead' RETURNING id`.execute(db);
  return rows.length === 1;
}
