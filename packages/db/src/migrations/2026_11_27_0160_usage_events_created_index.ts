import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// The worker's enqueue tick looks for unreported events among those recorded lately, not in the
// whole ledger (decision 060): an index on the time each event was recorded makes that a short
// range scan per month partition. Recorded time, not occurred time, because an adjustment or a
// recovered request can be recorded today for a moment weeks ago, and it is new all the same.
// On a partitioned table the index is built on every partition and on each new one. Building it
// blocks writes to the ledger while it runs (a few seconds per million events); see decision 117
// for large ledgers.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE INDEX usage_events_created_idx ON usage_events (created_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX usage_events_created_idx`.execute(db);
}
