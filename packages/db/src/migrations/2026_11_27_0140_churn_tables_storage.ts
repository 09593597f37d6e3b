import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// Three tables are queues more than tables: every admitted request inserts a usage_checkpoints
// row and deletes it a second later; every admission updates its rate-limit bucket; every
// leased request's usage event updates its lease's reservation (decision 116). With the defaults,
// autovacuum visits a table only once a fifth of it is dead, so a small hot table carries many
// times its live rows in dead ones between visits, and every index scan of it walks them.
// Vacuum them after a fixed number of dead rows instead, and leave room in each page so that
// updates stay on their page (HOT) and need no index entry at all.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE usage_checkpoints SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000, fillfactor = 80)`.execute(db);
  await sql`ALTER TABLE rate_limit_buckets SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000, fillfactor = 70)`.execute(db);
  await sql`ALTER TABLE reservations SET (autovacuum_vacuum_scale_factor = 0.05, fillfactor = 80)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE usage_checkpoints RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, fillfactor)`.execute(db);
  await sql`ALTER TABLE rate_limit_buckets RESET (autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold, fillfactor)`.execute(db);
  await sql`ALTER TABLE reservations RESET (autovacuum_vacuum_scale_factor, fillfactor)`.execute(db);
}
