import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { BigIntColumn, CreatedAt, DefaultedJsonb, Id, JsonValue, Timestamp } from "./columns.js";

export const repairStatuses = ["pending", "sent", "failed", "skipped", "done"] as const;
export type RepairStatus = (typeof repairStatuses)[number];

export interface ReconciliationRunsTable {
  id: Id;
  period_start: Timestamp;
  period_end: Timestamp;
  /** 'worker', 'cli' or the admin user's id. */
  triggered_by: string;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
  /** Defaults to '{}'. */
  summary: DefaultedJsonb<JsonValue>;
}

/** Per customer and meter for a run's period: ledger total vs Stripe total and the repair sent. */
export interface ReconciliationLinesTable {
  id: Id;
  run_id: string;
  customer_id: string;
  meter_id: string;
  ledger_value: BigIntColumn;
  stripe_value: BigIntColumn;
  difference: BigIntColumn;
  repair_action: string | null;
  repair_status: RepairStatus | null;
  repair_detail: string | null;
  /** Tokens still on their way to Stripe when the line was measured (not drift); defaults to 0. */
  in_flight_value: Generated<BigIntColumn>;
  /**
   * Computed by Postgres: what the line cannot explain. Positive: missing from Stripe beyond
   * what is in flight; negative: Stripe holds more than the ledger; 0 otherwise.
   */
  unexplained_value: Generated<BigIntColumn>;
}

export type ReconciliationRun = Selectable<ReconciliationRunsTable>;
export type NewReconciliationRun = Insertable<ReconciliationRunsTable>;
export type ReconciliationRunUpdate = Updateable<ReconciliationRunsTable>;
export type ReconciliationLine = Selectable<ReconciliationLinesTable>;
export type NewReconciliationLine = Insertable<ReconciliationLinesTable>;
export type ReconciliationLineUpdate = Updateable<ReconciliationLinesTable>;
