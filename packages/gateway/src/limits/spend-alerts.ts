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

/**
 * The alerts a request's own check can miss. That check runs only when the request's estimate
 * (spend and holds at its admission, plus its own cost) is near the limit, and re-reads the
 * spend when it finishes: when requests overlap, the one whose usage crosses 80% may estimate
 * below it, while the one that re-read finished before the crossing. So the worker records every
 * due alert of customers who used the API lately. Returns how many alerts were recorded.
 */
export async function recordDueSpendAlerts(db: Db, options: { activeWithinMs?: number } = {}): Promise<number> {
  const since = new Date(Date.now() - (options.activeWithinMs ?? 5 * 60_000));
  // The limit and the period as admission has them (account.ts): the smaller of the plan's cap
  // and the customer's budget (least() skips nulls), from the period start or this UTC month.
  const { rows } = await sql<{ id: string }>`
    WITH active AS (SELECT DISTINCT customer_id FROM usage_events WHERE occurred_at >= ${since}::timestamptz)
    INSERT INTO spend_alerts (customer_id, period_start, threshold_pct)
    SELECT c.id, d.period_start, ${SOFT_ALERT_PCT}
    FROM active a
    JOIN customers c ON c.id = a.customer_id
    JOIN plans p ON p.id = c.plan_id
    CROSS JOIN LATERAL (
      SELECT coalesce(c.current_period_start, date_trunc('month', now(), 'UTC')) AS period_start,
             least(p.hard_cap_micros, c.monthly_budget_micros) AS limit_micros
    ) d
    WHERE d.limit_micros IS NOT NULL
      AND customer_spend_since(c.id, d.period_start) * 100 >= d.limit_micros * ${SOFT_ALERT_PCT}
    ON CONFLICT (customer_id, period_start, threshold_pct) DO NOTHING
    RETURNING id`.execute(db);
  return rows.length;
}
