import type { Insertable, Selectable } from "kysely";
import type { CreatedAt, Id, Timestamp } from "./columns.js";

/** One row per (customer, period, threshold) so an alert is sent once (unique constraint). */
export interface SpendAlertsTable {
  id: Id;
  customer_id: string;
  period_start: Timestamp;
  threshold_pct: number;
  created_at: CreatedAt;
}

export type SpendAlert = Selectable<SpendAlertsTable>;
export type NewSpendAlert = Insertable<SpendAlertsTable>;
