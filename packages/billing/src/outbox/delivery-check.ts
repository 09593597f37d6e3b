import { sql } from "kysely";
import type { Db } from "../db";
import type { StripeClient } from "../stripe/client";
import type { ClaimedReport } from "./claim";

/** Stripe deduplicates identifiers for 24 h; we stop trusting the dedupe an hour before that. */
export const DEDUPE_TRUST_MS = 23 * 3_600_000;

export type DeliveryVerdict = "delivered" | "not_delivered" | "ambiguous";

/**
 * For a report first sent more than 23 h ago, a resend might no longer be deduplicated, so ask
 * Stripe what it holds instead of trusting the identifier. Stripe's meter event summary for the
 * report's hour, minus what our outbox says was delivered for that pair and hour, is either the
 * report's value (Stripe has it), zero (it does not), or something else (drift from elsewhere:
 * left for reconciliation rather than guessed). Exact because only the head report of a pair is
 * ever in flight: every other report of the pair in that hour is settled.
 */
export async function checkDelivered(db: Db, stripe: StripeClient, report: ClaimedReport): Promise<DeliveryVerdict> {
  const ts = new Date(report.event_timestamp).getTime();
  const start = Math.floor(ts / 3_600_000) * 3_600;
  const end = start + 3_600;
  let stripeTotal = 0;
  for await (const summary of stripe.billing.meters.listEventSummaries(report.stripe_meter_id, {
    customer: report.stripe_customer_id,
    start_time: start,
    end_time: end,
  })) {
    stripeTotal += summary.aggregated_value;
  }
  const { rows } = await sql<{ total: string | null }>`
    SELECT sum(value) AS total FROM meter_reports
    WHERE customer_id = ${report.customer_id} AND meter_id = ${report.meter_id} AND status = 'sent' AND id <> ${report.id}
      AND event_timestamp >= to_timestamp(${start}) AND event_timestamp < to_timestamp(${end})`.execute(db);
  const unexplained = stripeTotal - Number(rows[0]?.total ?? 0);
  if (unexplained === Number(report.value)) return "delivered";
  if (unexplained === 0) return "not_delivered";
  return "ambiguous";
}
