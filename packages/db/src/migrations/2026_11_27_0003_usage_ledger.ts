import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.

const counts = [
  "prompt_tokens_sent",
  "prompt_tokens_effective",
  "cached_prompt_tokens",
  "completion_tokens",
  "reasoning_tokens",
  "billed_input_tokens",
  "billed_cached_input_tokens",
  "billed_output_tokens",
  "cost_micros",
];

const up_ = [
  `CREATE TABLE usage_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    request_id text NOT NULL UNIQUE,
    customer_id uuid NOT NULL REFERENCES customers (id),
    user_id uuid REFERENCES users (id),
    api_key_id uuid REFERENCES api_keys (id),
    conversation_id uuid,
    model text NOT NULL,
    kind text NOT NULL CHECK (kind IN ('usage', 'adjustment', 'credit')),
    status text NOT NULL CHECK (status IN ('completed', 'aborted', 'failed', 'truncated', 'adjustment')),
    prompt_tokens_sent integer NOT NULL,
    prompt_tokens_effective integer NOT NULL,
    cached_prompt_tokens integer NOT NULL DEFAULT 0,
    completion_tokens integer NOT NULL,
    reasoning_tokens integer NOT NULL DEFAULT 0,
    billed_input_tokens integer NOT NULL,
    billed_cached_input_tokens integer NOT NULL DEFAULT 0,
    billed_output_tokens integer NOT NULL,
    cost_micros bigint NOT NULL,
    plan_id uuid REFERENCES plans (id),
    rate_version integer,
    count_source text NOT NULL CHECK (count_source IN ('upstream', 'local')),
    upstream_prompt_tokens integer CHECK (upstream_prompt_tokens >= 0),
    upstream_completion_tokens integer CHECK (upstream_completion_tokens >= 0),
    count_mismatch boolean NOT NULL DEFAULT false,
    note text,
    started_at timestamptz NOT NULL,
    occurred_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_events_usage_counts_nonnegative
      CHECK (kind <> 'usage' OR (${counts.map((c) => `${c} >= 0`).join(" AND ")})),
    CONSTRAINT usage_events_status_matches_kind CHECK ((kind = 'usage') = (status <> 'adjustment'))
  )`,
  `CREATE INDEX usage_events_customer_occurred_idx ON usage_events (customer_id, occurred_at)`,
  `CREATE INDEX usage_events_occurred_idx ON usage_events (occurred_at)`,
  `CREATE INDEX usage_events_conversation_idx ON usage_events (conversation_id) WHERE conversation_id IS NOT NULL`,
  `CREATE INDEX usage_events_api_key_idx ON usage_events (api_key_id) WHERE api_key_id IS NOT NULL`,
  // The ledger is append-only: corrections are new events. The database refuses edits so that no
  // code path (or hand-run SQL) can rewrite billed history.
  `CREATE FUNCTION usage_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'usage_events is an append-only ledger: % is not allowed', TG_OP
      USING ERRCODE = 'restrict_violation',
            HINT = 'Record a correction as a new event of kind ''adjustment'' or ''credit''.';
  END
  $$`,
  `CREATE TRIGGER usage_events_no_update_delete BEFORE UPDATE OR DELETE ON usage_events
    FOR EACH ROW EXECUTE FUNCTION usage_events_append_only()`,
  `CREATE TRIGGER usage_events_no_truncate BEFORE TRUNCATE ON usage_events
    FOR EACH STATEMENT EXECUTE FUNCTION usage_events_append_only()`,
  `CREATE TABLE usage_checkpoints (
    request_id text PRIMARY KEY,
    customer_id uuid NOT NULL REFERENCES customers (id),
    user_id uuid REFERENCES users (id),
    api_key_id uuid REFERENCES api_keys (id),
    conversation_id uuid,
    model text NOT NULL,
    plan_id uuid NOT NULL REFERENCES plans (id),
    prompt_tokens integer NOT NULL CHECK (prompt_tokens >= 0),
    completion_text_tokens integer NOT NULL CHECK (completion_text_tokens >= 0),
    started_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX usage_checkpoints_updated_idx ON usage_checkpoints (updated_at)`,
  `CREATE TABLE reservations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid NOT NULL REFERENCES customers (id),
    request_id text NOT NULL UNIQUE,
    amount_micros bigint NOT NULL CHECK (amount_micros >= 0),
    status text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'settled', 'released')),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    settled_at timestamptz
  )`,
  `CREATE INDEX reservations_held_idx ON reservations (customer_id, expires_at) WHERE status = 'held'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // DROP TABLE does not fire the append-only triggers; dropping the table drops them too.
  for (const statement of [
    "DROP TABLE reservations",
    "DROP TABLE usage_checkpoints",
    "DROP TABLE usage_events",
    "DROP FUNCTION usage_events_append_only()",
  ]) {
    await sql.raw(statement).execute(db);
  }
}
