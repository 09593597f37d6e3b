import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import type { Db } from "../db";
import { BillingError } from "../errors";
import { reportIdentifier } from "../outbox/identifier";
import { flushMeterReports } from "../outbox/flush";
import { oldestStripeTakes, STRIPE_MAX_AGE_DAYS } from "../outbox/stripe-timestamp";
import type { StripeClient } from "../stripe/client";
import { cancelOverReported } from "./repair-over";
import { ledgerSide, stripeSide, SUMMARY_LAG_MS, type PairKey, type Window } from "./totals";

export interface RepairResult {
  action: "none" | "report_missing" | "cancel_events" | "ledger_adjustment";
  status: "skipped" | "pending" | "sent" | "done" | "failed";
  detail: string;
}

/**
 * Repairs one reconciliation line after measuring it again (reports may have landed since the
 * run). Stripe short: the missing tokens go out as a new outbox report tagged `repair`, with its
 * own identifier, so the usual retry machinery delivers it exactly once. Stripe over: see
 * cancelOverReported. The action and its outcome are stored on the line.
 */
export async function repairLine(db: Db, stripe: StripeClient, lineId: string, options: { summaryLagMs?: number } = {}): Promise<RepairResult> {
  const line = await sql<{ run_id: string; customer_id: string; meter_id: string; period_start: Date; period_end: Date; repair_status: string | null; current_period_start: Date | null } & PairKey>`
    SELECT l.run_id, l.customer_id, l.meter_id, r.period_start, r.period_end, l.repair_status, c.current_period_start,
           l.customer_id AS "customerId", l.meter_id AS "meterId", c.stripe_customer_id AS "stripeCustomerId",
           m.stripe_meter_id AS "stripeMeterId", m.event_name AS "eventName"
    FROM reconciliation_lines l JOIN reconciliation_runs r ON r.id = l.run_id
    JOIN customers c ON c.id = l.customer_id JOIN meters m ON m.id = l.meter_id
    WHERE l.id = ${lineId}`.execute(db);
  const row = line.rows[0];
  if (!row) throw new BillingError("line_not_found", `reconciliation line ${lineId} does not exist`);
  const window: Window = { start: new Date(row.period_start), end: new Date(row.period_end) };
  // One repair of a (customer, meter) at a time: two that measured before either sent would each
  // send the missing tokens ("Repair" and "Repair all" at once, two admins, a double click).
  const result = await whileHolding(db, `${row.customer_id}|${row.meter_id}`, () => measureAndRepair(db, stripe, row, lineId, window, { ...options, currentPeriodStart: row.current_period_start }));
  await sql`UPDATE reconciliation_lines SET repair_action = ${result.action}, repair_status = ${result.status}, repair_detail = ${result.detail} WHERE id = ${lineId}`.execute(db);
  return result;
}

const REPAIR_LOCK = 7_310_101;

/** A session advisory lock on its own connection, held while `work` runs on any other. */
async function whileHolding<T>(db: Db, key: string, work: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${REPAIR_LOCK}, hashtext(${key}))`.execute(connection);
    try {
      return await work();
    } finally {
      await sql`SELECT pg_advisory_unlock(${REPAIR_LOCK}, hashtext(${key}))`.execute(connection);
    }
  });
}

/**
 * How long after a billing period ends Stripe still adds usage stamped in it to that period's
 * invoice: it finalizes the renewal invoice about an hour after creating it. Later, a report
 * stamped in the old period is accepted but lands on no invoice.
 */
export const INVOICE_FINALIZE_GRACE_MS = 60 * 60_000;

type RepairOptions = { summaryLagMs?: number; currentPeriodStart: Date | null };

async function measureAndRepair(db: Db, stripe: StripeClient, row: PairKey, lineId: string, window: Window, options: RepairOptions): Promise<RepairResult> {
  const stripeValue = await stripeSide(stripe, row, window);
  const ledger = await ledgerSide(db, row, window, options.summaryLagMs ?? SUMMARY_LAG_MS);
  // In-flight tokens may or may not show in Stripe yet: anything from (ledger - in flight) to the
  // ledger is consistent (the same rule as the line's unexplained_value, migration 0170).
  const missing = ledger.ledger - ledger.inFlight - ledger.repairsPending - stripeValue;
  const over = stripeValue - ledger.ledger;

  let result: RepairResult;
  if (missing > 0 && window.end.getTime() <= oldestStripeTakes()) {
    // Sent now, it would be stamped 35 days back at most, outside this window: the next run would
    // call the same tokens missing and every repair would bill them again.
    result = {
      action: "none",
      status: "skipped",
      detail: `${missing} tokens are missing from Stripe, but Stripe takes usage at most ${STRIPE_MAX_AGE_DAYS} days back and this window ended before that; bill them on the current period with a usage adjustment instead`,
    };
  } else if (missing > 0 && invoicedAlready(window, options.currentPeriodStart)) {
    // The report would be accepted and billed nowhere, and the line would look repaired.
    const ended = new Date(options.currentPeriodStart!).toISOString().slice(0, 10);
    result = {
      action: "none",
      status: "skipped",
      detail: `${missing} tokens are missing from Stripe, but this window lies in a billing period Stripe has already invoiced (it ended ${ended}): a report stamped in it would be on no invoice. Bill them on the current period with a usage adjustment instead`,
    };
  } else if (missing > 0) {
    result = await reportMissing(db, stripe, row, lineId, window, missing);
  } else if (over > 0) {
    result = await cancelOverReported(db, stripe, row, lineId, window, over);
  } else {
    result = { action: "none", status: "skipped", detail: `Stripe holds ${stripeValue}, ledger ${ledger.ledger}, in flight ${ledger.inFlight + ledger.repairsPending}` };
  }
  return result;
}

/** The window ends before the customer's current period began, and that period's invoice is final. */
function invoicedAlready(window: Window, currentPeriodStart: Date | null): boolean {
  if (!currentPeriodStart) return false;
  const start = new Date(currentPeriodStart).getTime();
  return window.end.getTime() <= start && Date.now() >= start + INVOICE_FINALIZE_GRACE_MS;
}

async function reportMissing(db: Db, stripe: StripeClient, pair: PairKey, lineId: string, window: Window, missing: number): Promise<RepairResult> {
  const id = randomUUID();
  // Inside the period so the summary for the same window sees it (clamped to now for an open period).
  const timestamp = new Date(Math.min(window.end.getTime() - 1_000, Date.now()));
  await sql`INSERT INTO meter_reports (id, identifier, customer_id, meter_id, value, status, next_attempt_at, event_timestamp, source, reconciliation_line_id)
    VALUES (${id}, ${reportIdentifier(id)}, ${pair.customerId}, ${pair.meterId}, ${missing}, 'pending', now(), ${timestamp}, 'repair', ${lineId})`.execute(db);
  // Deliver now when this pair has nothing older queued; otherwise the worker sends it in order.
  await flushMeterReports(db, stripe, { customerId: pair.customerId, limit: 50 });
  const { rows } = await sql<{ status: string; last_error: string | null }>`SELECT status, last_error FROM meter_reports WHERE id = ${id}`.execute(db);
  const status = rows[0]?.status;
  const detail = `sent ${missing} missing tokens as repair report ${id}${rows[0]?.last_error ? ` (${rows[0].last_error})` : ""}`;
  return { action: "report_missing", status: status === "sent" ? "sent" : status === "dead" ? "failed" : "pending", detail };
}
