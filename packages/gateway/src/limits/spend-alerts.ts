import type { Db } from "@meterkit/db";
import { sql } from "kysely";

export const SOFT_ALERT_PCT = 80;

/**
 * Records the 80% soft alert of a period once (the unique key makes concurrent requests agree on
 * one row). Called after a usage event only when the estimate says the threshold may have been
 * crossed, so most requests pay nothing for it; the spend is re-read here to decide for real.
 */
export async function recordSpendAlertIfDue(
  db: Db,
  input: { customerId: string; periodStart: Date; limitMicros: number },
): Promise<boolean> {
  // The same total the cap's admission check reads (migration 0090's hourly projection).
  const { rows } = await sql<{ spent: string }>`
    SELECT customer_spend_since(${input.customerId}::uuid, ${input.periodStart}::timestamptz) AS spent
  `.execute(db);
  const spent = Number(rows[0]?.spent ?? 0);
  if (spent * 100 < input.limitMicros * SOFT_ALERT_PCT) return false;
  const inserted = await db
    .insertInto("spend_alerts")
    .values({ customer_id: input.customerId, period_start: input.periodStart, threshold_pct: SOFT_ALERT_PCT })
    .onConflict((oc) => oc.columns(["customer_id", "period_start", "threshold_pct"]).doNothing())
    .returning("id")
    .executeTakeFirst();
  return inserted !== undefined;
}
