import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.

const up_ = [
  `CREATE TABLE audit_log (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    actor_user_id uuid REFERENCES users (id),
    action text NOT NULL,
    target_type text NOT NULL,
    target_id text,
    before jsonb,
    after jsonb,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX audit_log_created_idx ON audit_log (created_at DESC)`,
  `CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id)`,
  // An audit trail that can be edited proves nothing, so it is append-only like the ledger.
  `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP
      USING ERRCODE = 'restrict_violation';
  END
  $$`,
  `CREATE TRIGGER audit_log_no_update_delete BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
  `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  `CREATE TABLE spend_alerts (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid NOT NULL REFERENCES customers (id),
    period_start timestamptz NOT NULL,
    threshold_pct integer NOT NULL CHECK (threshold_pct > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (customer_id, period_start, threshold_pct)
  )`,
  `CREATE TABLE rate_limit_buckets (
    key text NOT NULL,
    window_start timestamptz NOT NULL,
    tokens integer NOT NULL DEFAULT 0 CHECK (tokens >= 0),
    requests integer NOT NULL DEFAULT 0 CHECK (requests >= 0),
    PRIMARY KEY (key, window_start)
  )`,
  `CREATE INDEX rate_limit_buckets_window_idx ON rate_limit_buckets (window_start)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    "DROP TABLE rate_limit_buckets",
    "DROP TABLE spend_alerts",
    "DROP TABLE audit_log",
    "DROP FUNCTION audit_log_append_only()",
  ]) {
    await sql.raw(statement).execute(db);
  }
}
