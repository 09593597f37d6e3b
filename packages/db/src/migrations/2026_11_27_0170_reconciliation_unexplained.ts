import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// What a reconciliation line cannot explain, defined once, where every reader gets it. Tokens in
// flight may or may not be in Stripe's summaries yet, so Stripe may show anything from
// (ledger - in flight) to the ledger without drift. Only below that is something missing, and only
// above the ledger is something over. (Subtracting the in-flight tokens from the difference, as
// readers did before, called a line "over" whenever Stripe already showed a report still counted
// as in flight, and a repair would then cancel delivered tokens.)

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE reconciliation_lines ADD COLUMN unexplained_value bigint GENERATED ALWAYS AS (
    CASE WHEN difference > in_flight_value THEN difference - in_flight_value
         WHEN difference < 0 THEN difference
         ELSE 0 END) STORED`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE reconciliation_lines DROP COLUMN unexplained_value`.execute(db);
}
