import { sql } from "kysely";
import type { Db } from "../db";
import type { StripeClient } from "../stripe/client";
import { alignToHours, ledgerSide, pairsInWindow, stripeSide, SUMMARY_LAG_MS } from "./totals";

export interface ReconcileInput {
  periodStart: Date;
  periodEnd: Date;
  /** Who asked: an admin user id, or `worker` / `test`. */
  triggeredBy: string;
  customerId?: string;
  /** See SUMMARY_LAG_MS; tests that read Stripe's (instant) emulator pass 0. */
  summaryLagMs?: number;
}

export interface ReconcileLine {
  id: string;
  customerId: string;
  meterId: string;
  ledgerValue: number;
  stripeValue: number;
  difference: number;
  inFlightValue: number;
  /**
   * What reports still on their way cannot explain (migration 0170): positive, missing from
   * Stripe; negative, Stripe holds more than the ledger; what a repair would move.
   */
  unexplained: number;
}

export interface ReconcileResult {
  runId: string;
  periodStart: Date;
  periodEnd: Date;
  lines: ReconcileLine[];
  mismatched: number;
}

/**
 * Compares, per customer and meter, the ledger's billed tokens in the period with Stripe's meter
 * event summaries for the same window, widened to whole hours (alignToHours says why), and
 * stores the run and every line.
 * Tokens still in the outbox are reported as in flight, not as drift; only the rest is a
 * mismatch for repairLine to act on.
 */
export async function reconcile(db: Db, stripe: StripeClient, input: ReconcileInput): Promise<ReconcileResult> {
  const window = alignToHours(input.periodStart, input.periodEnd);
  const run = await db
    .insertInto("reconciliation_runs")
    .values({ period_start: window.start, period_end: window.end, triggered_by: input.triggeredBy, summary: JSON.stringify({ status: "running" }) })
    .returning("id")
    .executeTakeFirstOrThrow();

  const lines: ReconcileLine[] = [];
  for (const pair of await pairsInWindow(db, window, input.customerId)) {
    // Stripe first: an event landing between the two reads then shows as in flight, never as Stripe over.
    const stripeValue = await stripeSide(stripe, pair, window);
    const ledger = await ledgerSide(db, pair, window, input.summaryLagMs ?? SUMMARY_LAG_MS);
    const difference = ledger.ledger - stripeValue;
    const inFlight = ledger.inFlight + ledger.repairsPending;
    const { rows } = await sql<{ id: string; unexplained_value: string }>`
      INSERT INTO reconciliation_lines (run_id, customer_id, meter_id, ledger_value, stripe_value, difference, in_flight_value)
      VALUES (${run.id}, ${pair.customerId}, ${pair.meterId}, ${ledger.ledger}, ${stripeValue}, ${difference}, ${inFlight})
      RETURNING id, unexplained_value`.execute(db);
    const line = rows[0]!;
    lines.push({ id: line.id, customerId: pair.customerId, meterId: pair.meterId, ledgerValue: ledger.ledger, stripeValue, difference, inFlightValue: inFlight, unexplained: Number(line.unexplained_value) });
  }

  const mismatched = lines.filter((l) => l.unexplained !== 0).length;
  const summary = {
    status: "finished",
    pairs: lines.length,
    mismatched,
    ledgerTotal: lines.reduce((s, l) => s + l.ledgerValue, 0),
    stripeTotal: lines.reduce((s, l) => s + l.stripeValue, 0),
    inFlightTotal: lines.reduce((s, l) => s + l.inFlightValue, 0),
  };
  await db.updateTable("reconciliation_runs").set({ finished_at: new Date(), summary: JSON.stringify(summary) }).where("id", "=", run.id).execute();
  return { runId: run.id, periodStart: window.start, periodEnd: window.end, lines, mismatched };
}
