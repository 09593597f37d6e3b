import type { NewUsageEvent, UsageEvent } from "../schema/index.js";
import type { Executor } from "./executor.js";

export interface InsertUsageEventResult {
  event: UsageEvent;
  /** False when an event with this request_id already existed (it is returned unchanged). */
  inserted: boolean;
}

/**
 * The only write path to the ledger. Idempotent on request_id: a retried write returns the
 * event already recorded instead of counting the request twice (the database skips an event
 * whose request_id it holds, migration 0150, so the insert returns no row). There is
 * deliberately no update or delete function; corrections are new events of kind 'adjustment'
 * or 'credit'.
 */
export async function insertUsageEvent(db: Executor, event: NewUsageEvent): Promise<InsertUsageEventResult> {
  const inserted = await db
    .insertInto("usage_events")
    .values(event)
    .returningAll()
    .executeTakeFirst();
  if (inserted) return { event: inserted, inserted: true };
  const existing = await getUsageEventByRequestId(db, event.request_id);
  if (!existing) throw new Error(`usage event ${event.request_id} conflicted but cannot be read`);
  return { event: existing, inserted: false };
}

export async function getUsageEventByRequestId(db: Executor, requestId: string): Promise<UsageEvent | undefined> {
  return db.selectFrom("usage_events").selectAll().where("request_id", "=", requestId).executeTakeFirst();
}
