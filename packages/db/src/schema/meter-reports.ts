import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { BigIntColumn, CreatedAt, DefaultedTimestamp, Id, Timestamp } from "./columns.js";

export const meterReportStatuses = ["pending", "sent", "failed", "dead", "discarded"] as const;
export type MeterReportStatus = (typeof meterReportStatuses)[number];
export const meterReportSources = ["usage", "repair"] as const;
/** 'usage' reports cover ledger events via meter_report_items; 'repair' reports carry a reconciliation correction. */
export type MeterReportSource = (typeof meterReportSources)[number];

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
  /** Claim lease: the claim holds until this time (migration 0060). */
  claimed_until: Timestamp | null;
  /** Settling is conditional on still holding this claim token. */
  claim_token: string | null;
  /** The meter event's timestamp, fixed at enqueue so every resend lands in the same period; defaults to now(). */
  event_timestamp: DefaultedTimestamp;
  /** Defaults to 'usage'. */
  source: Generated<MeterReportSource>;
  /** Set on 'repair' reports. */
  reconciliation_line_id: string | null;
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
