import { sql, type RawBuilder } from "kysely";

/** A request admitted from a lease: the lease's reservation and this request's worst case in it. */
export type LeaseShare = { reservationId: string; reservedMicros: number };

/**
 * An UPDATE that takes a finished request's share off its lease's reservation (gateway decision
 * 116), for a data-modifying CTE. The lease is settled once its process has given back the
 * unused part (returned_at) and no share is left in flight. With no lease it touches no row,
 * so a statement can carry it unconditionally and stay one prepared statement.
 */
export function takeOffLease(lease: LeaseShare | null | undefined, onlyIf: RawBuilder<unknown> = sql`true`): RawBuilder<unknown> {
  const micros = lease?.reservedMicros ?? 0;
  const emptied = sql`returned_at IS NOT NULL AND amount_micros <= ${micros}::bigint`;
  return sql`
    UPDATE reservations SET
      amount_micros = greatest(amount_micros - ${micros}::bigint, 0),
      status = CASE WHEN ${emptied} THEN 'settled' ELSE status END,
      settled_at = CASE WHEN ${emptied} THEN now() ELSE settled_at END
    WHERE id = ${lease?.reservationId ?? null}::uuid AND status = 'held' AND ${onlyIf}`;
}
