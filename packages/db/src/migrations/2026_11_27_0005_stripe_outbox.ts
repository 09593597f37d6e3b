import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.

const up_ = [
  `CREATE TABLE meter_reports (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    identifier text NOT NULL UNIQUE,
    customer_id uuid NOT NULL REFERENCES customers (id),
    meter_id uuid NOT NULL REFERENCES meters (id),
    value bigint NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'dead', 'discarded')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error text,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    first_sent_at timestamptz,
    sent_at timestamptz,
    discard_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'discarded' OR discard_reason IS NOT NULL)
  )`,
  // The claim query: due rows by status, oldest first.
  `CREATE INDEX meter_reports_due_idx ON meter_reports (status, next_attempt_at)`,
  `CREATE INDEX meter_reports_customer_meter_idx ON meter_reports (customer_id, meter_id, created_at)`,
  `CREATE TABLE meter_report_items (
    report_id uuid NOT NULL REFERENCES meter_reports (id),
    usage_event_id uuid NOT NULL REFERENCES usage_events (id),
    meter_id uuid NOT NULL REFERENCES meters (id),
    value bigint NOT NULL,
    PRIMARY KEY (usage_event_id, meter_id)
  )`,
  `CREATE INDEX meter_report_items_report_idx ON meter_report_items (report_id)`,
  `CREATE TABLE reconciliation_runs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    period_start timestamptz NOT NULL,
    period_end timestamptz NOT NULL,
    triggered_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz,
    summary jsonb NOT NULL DEFAULT '{}'::jsonb,
    CHECK (period_end > period_start)
  )`,
  `CREATE INDEX reconciliation_runs_created_idx ON reconciliation_runs (created_at DESC)`,
  `CREATE TABLE reconciliation_lines (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    run_id uuid NOT NULL REFERENCES reconciliation_runs (id) ON DELETE CASCADE,
    customer_id uuid NOT NULL REFERENCES customers (id),
    meter_id uuid NOT NULL REFERENCES meters (id),
    ledger_value bigint NOT NULL,
    stripe_value bigint NOT NULL,
    difference bigint NOT NULL,
    repair_action text,
    repair_status text CHECK (repair_status IN ('pending', 'sent', 'failed', 'skipped')),
    repair_detail text,
    UNIQUE (run_id, customer_id, meter_id)
  )`,
  `CREATE TABLE stripe_webhook_events (
    id text PRIMARY KEY,
    type text NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    processed_at timestamptz
  )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "stripe_webhook_events",
    "reconciliation_lines",
    "reconciliation_runs",
    "meter_report_items",
    "meter_reports",
  ]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
