import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type { BigIntColumn, CreatedAt, Id, Timestamp } from "./columns.js";

export const reservationStatuses = ["held", "settled", "released"] as const;
export type ReservationStatus = (typeof reservationStatuses)[number];

export const reservationKinds = ["request", "lease"] as const;
export type ReservationKind = (typeof reservationKinds)[number];

/**
 * The worst-case cost of an in-flight request, held against the customer's hard cap; or a lease
 * (migration 0130): a share of the headroom that one process hands out to its next requests.
 */
export interface ReservationsTable {
  id: Id;
  customer_id: string;
  /** Unique: one reservation per request (a lease has its own id here). */
  request_id: string;
  /** Defaults to 'request'. */
  kind: Generated<ReservationKind>;
  amount_micros: BigIntColumn;
  /** Defaults to 'held'. */
  status: Generated<ReservationStatus>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  settled_at: Timestamp | null;
  /** When a lease's process gave back its unused part. */
  returned_at: Timestamp | null;
}

export type Reservation = Selectable<ReservationsTable>;
export type NewReservation = Insertable<ReservationsTable>;
export type ReservationUpdate = Updateable<ReservationsTable>;
