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
  const { rows } = await sql<{ spent: string }>`
    SELECT coalesce(sum(cost_micros), 0)::bigint AS spent FROM usage_events
    WHERE customer_id = ${input.customerId} AND occurred_at >= ${input.periodStart}
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
