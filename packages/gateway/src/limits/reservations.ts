import { takeOffLease, type LeaseShare } from "@meterkit/billing";
import type { Db } from "@meterkit/db";
import { sql } from "kysely";

/** How long a held reservation counts against the cap; longer than any request may run. */
export const RESERVATION_TTL_MS = 15 * 60_000;

/**
 * Undoes what admission holds for a request that ends with nothing to bill (the provider failed
 * before any token): its reservation is released, or its share taken off its lease (decision
 * 116), and its checkpoint deleted, else the worker would bill the prompt as aborted. One
 * statement, so neither outlives the other.
 */
export async function withdrawAdmission(
  db: Db,
  requestId: string,
  lease: LeaseShare | null = null,
): Promise<void> {
  await sql`
    WITH released AS (
      UPDATE reservations SET status = 'released', settled_at = now() WHERE request_id = ${requestId} AND status = 'held'
    ),
    lease_released AS (${takeOffLease(lease)})
    DELETE FROM usage_checkpoints WHERE request_id = ${requestId}
  `.execute(db);
}

/**
 * Held reservations past their expiry no longer count (the admission query ignores them); this
 * marks them released so the table says so too. The worker runs it periodically.
 */
export async function releaseExpiredReservations(db: Db): Promise<number> {
  const result = await db
    .updateTable("reservations")
    .set({ status: "released", settled_at: new Date() })
    .where("status", "=", "held")
    .where("expires_at", "<=", new Date())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
