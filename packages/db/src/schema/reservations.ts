import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { BigIntColumn, CreatedAt, Id, Timestamp } from "./columns.js";

export const reservationStatuses = ["held", "settled", "released"] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

/** The worst-case cost of an in-flight request, held against the customer's hard cap. */
export interface ReservationsTable {
  id: Id;
  customer_id: string;
  /** Unique: one reservation per request. */
  request_id: string;
  amount_micros: BigIntColumn;
  /** Defaults to 'held'. */
  status: Generated<ReservationStatus>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  settled_at: Timestamp | null;
}

export type Reservation = Selectable<ReservationsTable>;
export type NewReservation = Insertable<ReservationsTable>;
export type ReservationUpdate = Updateable<ReservationsTable>;
