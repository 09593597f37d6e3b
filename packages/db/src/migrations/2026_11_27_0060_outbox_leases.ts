import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// Columns the Stripe reporter needs on top of the outbox tables of 0005.

const up_ = [
  // The claim lease: the reporter claims a report in a short transaction and calls Stripe after
  // commit. claimed_until says how long the claim holds; claim_token makes settling conditional
  // on still owning it, so a worker that outlived its lease cannot overwrite a newer outcome.
  `ALTER TABLE meter_reports ADD COLUMN claimed_until timestamptz`,
  `ALTER TABLE meter_reports ADD COLUMN claim_token uuid`,
  // The meter event's timestamp: when the covered tokens were used (the latest of them), fixed at
  // enqueue so every resend carries the same time and lands in the same Stripe period.
  `ALTER TABLE meter_reports ADD COLUMN event_timestamp timestamptz NOT NULL DEFAULT now()`,
  // 'usage' reports cover ledger events through meter_report_items; 'repair' reports carry a
  // reconciliation correction and cover no events.
  `ALTER TABLE meter_reports ADD COLUMN source text NOT NULL DEFAULT 'usage' CHECK (source IN ('usage', 'repair'))`,
  `ALTER TABLE meter_reports ADD COLUMN reconciliation_line_id uuid REFERENCES reconciliation_lines (id)`,
  // The claim looks for the oldest unfinished report of each (customer, meter).
  `CREATE INDEX meter_reports_open_head_idx ON meter_reports (customer_id, meter_id, created_at, id) WHERE status IN ('pending', 'failed')`,
  `CREATE INDEX meter_reports_customer_created_idx ON meter_reports (customer_id, created_at)`,
  // Tokens of a line that were still on their way to Stripe when it was measured (not drift).
  `ALTER TABLE reconciliation_lines ADD COLUMN in_flight_value bigint NOT NULL DEFAULT 0`,
  `ALTER TABLE reconciliation_lines DROP CONSTRAINT reconciliation_lines_repair_status_check`,
  `ALTER TABLE reconciliation_lines ADD CONSTRAINT reconciliation_lines_repair_status_check
    CHECK (repair_status IN ('pending', 'sent', 'failed', 'skipped', 'done'))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `ALTER TABLE reconciliation_lines DROP CONSTRAINT reconciliation_lines_repair_status_check`,
    `ALTER TABLE reconciliation_lines ADD CONSTRAINT reconciliation_lines_repair_status_check
      CHECK (repair_status IN ('pending', 'sent', 'failed', 'skipped'))`,
    `ALTER TABLE reconciliation_lines DROP COLUMN in_flight_value`,
    `DROP INDEX meter_reports_customer_created_idx`,
    `DROP INDEX meter_reports_open_head_idx`,
    `ALTER TABLE meter_reports DROP COLUMN reconciliation_line_id`,
    `ALTER TABLE meter_reports DROP COLUMN source`,
    `ALTER TABLE meter_reports DROP COLUMN event_timestamp`,
    `ALTER TABLE meter_reports DROP COLUMN claim_token`,
    `ALTER TABLE meter_reports DROP COLUMN claimed_until`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
