import { sql } from "kysely";
import type { Db } from "../../../context";
import { iso } from "../../../lib/serialize";

/** Outbox rows with their meter and customer, and the age that matters to an operator. */
export function reportsQuery(db: Db) {
  return db
    .selectFrom("meter_reports as r")
    .innerJoin("meters as m", "m.id", "r.meter_id")
    .innerJoin("customers as c", "c.id", "r.customer_id")
    .select([
      "r.id",
      "r.identifier",
      "r.customer_id",
      "c.email as customer_email",
      "m.event_name",
      "r.value",
      "r.status",
      "r.attempts",
      "r.last_error",
      "r.next_attempt_at",
      "r.first_sent_at",
      "r.sent_at",
      "r.discard_reason",
      "r.created_at",
      sql<Date | null>`r.claimed_until`.as("claimed_until"),
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof reportsQuery>["execute"]>>[number];

export function toReportView(r: Row, now = new Date()) {
  return {
    id: r.id,
    identifier: r.identifier,
    customerId: r.customer_id,
    customerEmail: r.customer_email,
    eventName: r.event_name,
    value: Number(r.value),
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    nextAttemptAt: iso(r.next_attempt_at),
    firstSentAt: iso(r.first_sent_at),
    sentAt: iso(r.sent_at),
    discardReason: r.discard_reason,
    createdAt: iso(r.created_at),
    ageSeconds: Math.max(0, Math.round((now.getTime() - new Date(r.created_at).getTime()) / 1000)),
    /** A worker holds the report right now (it may be mid-send). */
    claimed: r.claimed_until !== null && new Date(r.claimed_until).getTime() > now.getTime(),
  };
}
export type ReportView = ReturnType<typeof toReportView>;
