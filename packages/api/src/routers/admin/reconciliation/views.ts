import type { ReconciliationRun } from "@meterkit/db";
import { sql } from "kysely";
import type { Db } from "../../../context";
import { iso } from "../../../lib/serialize";

export function toRunView(r: ReconciliationRun) {
  return {
    id: r.id,
    periodStart: iso(r.period_start),
    periodEnd: iso(r.period_end),
    triggeredBy: r.triggered_by,
    createdAt: iso(r.created_at),
    finishedAt: iso(r.finished_at),
    summary: r.summary,
  };
}

export function linesQuery(db: Db) {
  return db
    .selectFrom("reconciliation_lines as l")
    .innerJoin("meters as m", "m.id", "l.meter_id")
    .innerJoin("customers as c", "c.id", "l.customer_id")
    .select([
      "l.id",
      "l.run_id",
      "l.customer_id",
      "c.email as customer_email",
      "l.meter_id",
      "m.event_name",
      "l.ledger_value",
      "l.stripe_value",
      "l.difference",
      sql<number>`l.in_flight_value`.as("in_flight_value"),
      sql<number>`l.unexplained_value`.as("unexplained_value"),
      "l.repair_action",
      "l.repair_status",
      "l.repair_detail",
    ]);
}

type LineRow = Awaited<ReturnType<ReturnType<typeof linesQuery>["execute"]>>[number];

export function toLineView(l: LineRow) {
  const inFlight = Number(l.in_flight_value);
  return {
    id: l.id,
    runId: l.run_id,
    customerId: l.customer_id,
    customerEmail: l.customer_email,
    meterId: l.meter_id,
    eventName: l.event_name,
    ledgerValue: Number(l.ledger_value),
    stripeValue: Number(l.stripe_value),
    difference: Number(l.difference),
    inFlightValue: inFlight,
    /** What reports still on their way cannot explain (computed by Postgres, migration 0170). */
    unexplained: Number(l.unexplained_value),
    repairAction: l.repair_action,
    repairStatus: l.repair_status,
    repairDetail: l.repair_detail,
  };
}
export type LineView = ReturnType<typeof toLineView>;
