import { sql } from "kysely";
import type { Db } from "../db";
import type { StripeClient } from "../stripe/client";

export interface PairKey {
  customerId: string;
  meterId: string;
  stripeCustomerId: string;
  stripeMeterId: string;
  eventName: string;
}

export interface Window {
  /** Hour-aligned: see alignToHours. */
  start: Date;
  end: Date;
}

const HOUR_MS = 3_600_000;

/**
 * The smallest window of whole UTC hours that holds [start, end). A report carries the tokens of
 * one hour of one (customer, meter) and is stamped with its latest use in that hour (decision
 * 060), so a window that ends inside an hour would find tokens of that hour in the ledger but
 * their report's timestamp after the end in Stripe, call them missing, and a repair would send
 * them twice. Both sides use the same aligned window.
 */
export function alignToHours(start: Date, end: Date): Window {
  const floor = Math.floor(start.getTime() / HOUR_MS) * HOUR_MS;
  const ceil = Math.ceil(end.getTime() / HOUR_MS) * HOUR_MS;
  return { start: new Date(floor), end: new Date(Math.max(ceil, floor + HOUR_MS)) };
}

/**
 * How long after a report is accepted its tokens may still be missing from Stripe's meter event
 * summaries, which Stripe aggregates asynchronously ("an eventually consistent view"). Until
 * then a report counts as in flight, or a repair would send its tokens a second time.
 */
export const SUMMARY_LAG_MS = 10 * 60_000;

/** Every (customer, meter) with ledger usage or outbox activity in the window, among synced customers and meters. */
export async function pairsInWindow(db: Db, window: Window, customerId?: string): Promise<PairKey[]> {
  const filter = customerId ? sql`AND c.id = ${customerId}` : sql``;
  const { rows } = await sql<PairKey>`
    SELECT DISTINCT c.id AS "customerId", m.id AS "meterId", c.stripe_customer_id AS "stripeCustomerId",
           m.stripe_meter_id AS "stripeMeterId", m.event_name AS "eventName"
    FROM customers c JOIN meters m ON m.stripe_meter_id IS NOT NULL
    WHERE c.stripe_customer_id IS NOT NULL ${filter} AND (
      EXISTS (SELECT 1 FROM usage_events e WHERE e.customer_id = c.id AND e.model = m.model
              AND e.occurred_at >= ${window.start} AND e.occurred_at < ${window.end})
      OR EXISTS (SELECT 1 FROM meter_reports r WHERE r.customer_id = c.id AND r.meter_id = m.id
              AND r.event_timestamp >= ${window.start} AND r.event_timestamp < ${window.end}))
    ORDER BY 1, 2`.execute(db);
  return rows;
}

export interface LedgerSide {
  /** Billed tokens of the meter's class over ledger events in the window. */
  ledger: number;
  /**
   * Part of `ledger` that Stripe's summaries need not show yet, and that a repair must not send:
   * unreported; in a pending or failed report (the outbox delivers it); in a dead one (an
   * operator's Retry in the admin outbox would deliver it, so a repair would count it twice;
   * Discard it first if it is not to be retried); or accepted less than `summaryLagMs` ago.
   */
  inFlight: number;
  /** Repair reports Stripe's summaries need not show yet, by the same rule as `inFlight`. */
  repairsPending: number;
}

export async function ledgerSide(db: Db, pair: PairKey, window: Window, summaryLagMs = SUMMARY_LAG_MS): Promise<LedgerSide> {
  const settledBefore = new Date(Date.now() - summaryLagMs);
  const { rows } = await sql<{ ledger: string | null; in_flight: string | null }>`
    SELECT sum(v.value) AS ledger,
           sum(v.value) FILTER (WHERE r.id IS NULL OR r.status IN ('pending', 'failed', 'dead')
             OR (r.status = 'sent' AND r.sent_at > ${settledBefore})) AS in_flight
    FROM usage_events e
    JOIN meters m ON m.id = ${pair.meterId} AND m.model = e.model
    CROSS JOIN LATERAL (SELECT CASE m.token_class WHEN 'input' THEN e.billed_input_tokens
        WHEN 'cached_input' THEN e.billed_cached_input_tokens ELSE e.billed_output_tokens END AS value) v
    LEFT JOIN meter_report_items i ON i.usage_event_id = e.id AND i.meter_id = m.id
    LEFT JOIN meter_reports r ON r.id = i.report_id
    WHERE e.customer_id = ${pair.customerId} AND e.kind IN ('usage', 'adjustment')
      AND e.occurred_at >= ${window.start} AND e.occurred_at < ${window.end}`.execute(db);
  const repairs = await sql<{ pending: string | null }>`
    SELECT sum(value) FILTER (WHERE status IN ('pending', 'failed', 'dead') OR (status = 'sent' AND sent_at > ${settledBefore})) AS pending
    FROM meter_reports WHERE source = 'repair' AND customer_id = ${pair.customerId} AND meter_id = ${pair.meterId}
      AND event_timestamp >= ${window.start} AND event_timestamp < ${window.end}`.execute(db);
  return {
    ledger: Number(rows[0]?.ledger ?? 0),
    inFlight: Number(rows[0]?.in_flight ?? 0),
    repairsPending: Number(repairs.rows[0]?.pending ?? 0),
  };
}

/** What Stripe holds for the pair in the window, from its meter event summaries. */
export async function stripeSide(stripe: StripeClient, pair: PairKey, window: Window): Promise<number> {
  let total = 0;
  for await (const summary of stripe.billing.meters.listEventSummaries(pair.stripeMeterId, {
    customer: pair.stripeCustomerId,
    start_time: Math.floor(window.start.getTime() / 1000),
    end_time: Math.floor(window.end.getTime() / 1000),
  })) {
    total += summary.aggregated_value;
  }
  return total;
}
