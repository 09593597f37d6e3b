import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// ensure_usage_event_partitions (0150) adds months to a UTC month start, and interval arithmetic
// on timestamptz follows the session's TimeZone. A database (or the embedded one, which takes
// the host's zone) not set to UTC then made partitions that start an hour off, skipped a month
// after a daylight-saving change, and at last failed on an overlap, after which no partition
// was ever created again. The function now always runs in UTC. Partitions a non-UTC database
// already made are not moved: see decision 117.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION ensure_usage_event_partitions(timestamptz, integer) SET TimeZone TO 'UTC'`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER FUNCTION ensure_usage_event_partitions(timestamptz, integer) RESET TimeZone`.execute(db);
}
