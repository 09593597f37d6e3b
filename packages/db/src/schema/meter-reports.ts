import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { BigIntColumn, CreatedAt, DefaultedTimestamp, Id, Timestamp } from "./columns.js";

export const meterReportStatuses = ["pending", "sent", "failed", "dead", "discarded"] as const;
export type MeterReportStatus = (typeof meterReportStatuses)[number];

/** Outbox row: one Stripe meter event to send. Claimed with FOR UPDATE SKIP LOCKED. */
export interface MeterReportsTable {
  id: Id;
  /** The Stripe meter-event identifier, derived from id; unique so a resend is a duplicate. */
  identifier: string;
  customer_id: string;
  meter_id: string;
  value: BigIntColumn;
  /** Defaults to 'pending'. */
  status: Generated<MeterReportStatus>;
  /** Defaults to 0. */
  attempts: Generated<number>;
  last_error: string | null;
  /** Defaults to now(). */
  next_attempt_at: DefaultedTimestamp;
  first_sent_at: Timestamp | null;
  sent_at: Timestamp | null;
  discard_reason: string | null;
  created_at: CreatedAt;
}

/**
 * Marks a usage event as reported for one meter. Inserted in the same transaction as its report,
 * so the ledger itself is never updated. PK (usage_event_id, meter_id): an event is covered once.
 */
export interface MeterReportItemsTable {
  report_id: string;
  usage_event_id: string;
  meter_id: string;
  value: BigIntColumn;
}

export type MeterReport = Selectable<MeterReportsTable>;
export type NewMeterReport = Insertable<MeterReportsTable>;
export type MeterReportUpdate = Updateable<MeterReportsTable>;
export type MeterReportItem = Selectable<MeterReportItemsTable>;
export type NewMeterReportItem = Insertable<MeterReportItemsTable>;
