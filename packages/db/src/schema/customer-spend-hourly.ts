import type { Selectable } from "kysely";
import type { Timestamp } from "./columns.js";

/**
 * A customer's ledger spend per UTC hour (migration 0090), kept by a trigger on usage_events and
 * read through `customer_spend_since`. A projection: code reads it and never writes it.
 */
export interface CustomerSpendHourlyTable {
  customer_id: string;
  hour: Timestamp;
  cost_micros: number;
  events: number;
}

export type CustomerSpendHourly = Selectable<CustomerSpendHourlyTable>;
