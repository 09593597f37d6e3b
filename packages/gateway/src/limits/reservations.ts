import type { Db } from "@meterkit/db";

/** How long a held reservation counts against the cap; longer than any request may run. */
export const RESERVATION_TTL_MS = 15 * 60_000;

/** Gives a reservation back when its request ends without a usage event (refused before upstream). */
export async function releaseReservation(db: Db, requestId: string): Promise<void> {
  await db
    .updateTable("reservations")
    .set({ status: "released", settled_at: new Date() })
    .where("request_id", "=", requestId)
    .where("status", "=", "held")
    .execute();
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
