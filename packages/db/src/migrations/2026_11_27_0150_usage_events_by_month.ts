import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// The ledger becomes a table partitioned by month of occurred_at (DESIGN §7): a month's events
// are one table, so a month is read, archived or moved as a whole, and the indexes of closed
// months stop growing. Postgres cannot enforce a unique request_id across partitions (a unique
// index must include the partition key), and it cannot point a foreign key at `id` alone; both
// move to usage_event_keys, one small row per event that is never partitioned:
// - a BEFORE INSERT trigger registers each event's id and request_id there first; an event whose
//   request_id is already registered is skipped (the trigger returns NULL), so a repeated write
//   adds nothing and returns no row, whatever SQL it came from, exactly as ON CONFLICT DO NOTHING
//   did. Concurrent writers of one request wait on the key's unique index like they did before.
// - messages and meter_report_items reference usage_event_keys(id): the same ids.
// Month partitions are created ahead by ensure_usage_event_partitions (the worker calls it
// daily); a default partition takes whatever falls outside them, so an insert never fails for
// want of a partition.

const columns = `id, request_id, customer_id, user_id, api_key_id, conversation_id, model, kind, status,
  prompt_tokens_sent, prompt_tokens_effective, cached_prompt_tokens, completion_tokens, reasoning_tokens,
  billed_input_tokens, billed_cached_input_tokens, billed_output_tokens, cost_micros, plan_id, rate_version,
  count_source, upstream_prompt_tokens, upstream_completion_tokens, count_mismatch, note, started_at,
  occurred_at, created_at`;

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

/**
 * The ledger's columns and checks, as 0003 made them, with the names Postgres gave them then
 * spelled out (left to it, a second table beside the first would get "..._check1"); `key` is
 * the primary key clause.
 */
const ledgerTable = (name: string, key: string, tail = "") => `CREATE TABLE ${name} (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    request_id text NOT NULL,
    customer_id uuid NOT NULL CONSTRAINT usage_events_customer_id_fkey REFERENCES customers (id),
    user_id uuid CONSTRAINT usage_events_user_id_fkey REFERENCES users (id),
    api_key_id uuid CONSTRAINT usage_events_api_key_id_fkey REFERENCES api_keys (id),
    conversation_id uuid,
    model text NOT NULL,
    kind text NOT NULL CONSTRAINT usage_events_kind_check CHECK (kind IN ('usage', 'adjustment', 'credit')),
    status text NOT NULL CONSTRAINT usage_events_status_check CHECK (status IN ('completed', 'aborted', 'failed', 'truncated', 'adjustment')),
    prompt_tokens_sent integer NOT NULL,
    prompt_tokens_effective integer NOT NULL,
    cached_prompt_tokens integer NOT NULL DEFAULT 0,
    completion_tokens integer NOT NULL,
    reasoning_tokens integer NOT NULL DEFAULT 0,
    billed_input_tokens integer NOT NULL,
    billed_cached_input_tokens integer NOT NULL DEFAULT 0,
    billed_output_tokens integer NOT NULL,
    cost_micros bigint NOT NULL,
    plan_id uuid CONSTRAINT usage_events_plan_id_fkey REFERENCES plans (id),
    rate_version integer,
    count_source text NOT NULL CONSTRAINT usage_events_count_source_check CHECK (count_source IN ('upstream', 'local')),
    upstream_prompt_tokens integer CONSTRAINT usage_events_upstream_prompt_tokens_check CHECK (upstream_prompt_tokens >= 0),
    upstream_completion_tokens integer CONSTRAINT usage_events_upstream_completion_tokens_check CHECK (upstream_completion_tokens >= 0),
    count_mismatch boolean NOT NULL DEFAULT false,
    note text,
    started_at timestamptz NOT NULL,
    occurred_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    ${key},
    CONSTRAINT usage_events_usage_counts_nonnegative
      CHECK (kind <> 'usage' OR (${counts.map((c) => `${c} >= 0`).join(" AND ")})),
    CONSTRAINT usage_events_status_matches_kind CHECK ((kind = 'usage') = (status <> 'adjustment'))
  )${tail}`;

const ledgerIndexes = [
  // Repeats are looked up by request id; unique only through usage_event_keys (see above).
  `CREATE INDEX usage_events_request_idx ON usage_events (request_id)`,
  `CREATE INDEX usage_events_customer_occurred_cost_idx ON usage_events (customer_id, occurred_at) INCLUDE (cost_micros)`,
  `CREATE INDEX usage_events_occurred_idx ON usage_events (occurred_at)`,
  `CREATE INDEX usage_events_conversation_idx ON usage_events (conversation_id) WHERE conversation_id IS NOT NULL`,
  `CREATE INDEX usage_events_api_key_idx ON usage_events (api_key_id) WHERE api_key_id IS NOT NULL`,
];

const ledgerTriggers = [
  `CREATE TRIGGER usage_events_no_update_delete BEFORE UPDATE OR DELETE ON usage_events
    FOR EACH ROW EXECUTE FUNCTION usage_events_append_only()`,
  `CREATE TRIGGER usage_events_no_truncate BEFORE TRUNCATE ON usage_events
    FOR EACH STATEMENT EXECUTE FUNCTION usage_events_append_only()`,
  `CREATE TRIGGER usage_events_spend_hourly AFTER INSERT ON usage_events
    FOR EACH ROW EXECUTE FUNCTION add_usage_to_spend_hourly()`,
];

const oldIndexes = ["usage_events_pkey", "usage_events_request_id_key", ...ledgerIndexes.slice(1).map((s) => s.split(" ")[2]!)];

const up_ = [
  `ALTER TABLE usage_events RENAME TO usage_events_unpartitioned`,
  ...oldIndexes.map((index) => `ALTER INDEX ${index} RENAME TO ${index.replace("usage_events", "usage_events_unpartitioned")}`),
  `CREATE TABLE usage_event_keys (
    id uuid PRIMARY KEY,
    request_id text NOT NULL UNIQUE
  )`,
  `INSERT INTO usage_event_keys (id, request_id) SELECT id, request_id FROM usage_events_unpartitioned`,
  `ALTER TABLE messages DROP CONSTRAINT messages_usage_event_id_fkey,
    ADD CONSTRAINT messages_usage_event_id_fkey FOREIGN KEY (usage_event_id) REFERENCES usage_event_keys (id)`,
  `ALTER TABLE meter_report_items DROP CONSTRAINT meter_report_items_usage_event_id_fkey,
    ADD CONSTRAINT meter_report_items_usage_event_id_fkey FOREIGN KEY (usage_event_id) REFERENCES usage_event_keys (id)`,
  ledgerTable("usage_events", "PRIMARY KEY (id, occurred_at)", " PARTITION BY RANGE (occurred_at)"),
  `CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT`,
  // A partition truncated on its own does not fire its parent's statement triggers: each gets its own.
  `CREATE TRIGGER usage_events_no_truncate BEFORE TRUNCATE ON usage_events_default
    FOR EACH STATEMENT EXECUTE FUNCTION usage_events_append_only()`,
  `CREATE FUNCTION ensure_usage_event_partitions(p_from timestamptz, p_months integer) RETURNS integer
  LANGUAGE plpgsql AS $$
  DECLARE
    month_start timestamptz;
    name text;
    created integer := 0;
  BEGIN
    FOR i IN 0 .. p_months - 1 LOOP
      month_start := date_trunc('month', p_from, 'UTC') + make_interval(months => i);
      name := 'usage_events_' || to_char(month_start AT TIME ZONE 'UTC', 'YYYY_MM');
      CONTINUE WHEN to_regclass(name) IS NOT NULL;
      BEGIN
        EXECUTE format('CREATE TABLE %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)',
          name, month_start, month_start + interval '1 month');
        EXECUTE format('CREATE TRIGGER usage_events_no_truncate BEFORE TRUNCATE ON %I
          FOR EACH STATEMENT EXECUTE FUNCTION usage_events_append_only()', name);
        created := created + 1;
      EXCEPTION WHEN check_violation THEN
        -- The default partition already holds events of that month (the ledger never moves
        -- rows); they stay there and stay correct, only unpruned.
        RAISE WARNING 'usage_events: % not created, the default partition holds events of that month', name;
      END;
    END LOOP;
    RETURN created;
  END
  $$`,
  // Every month that already has events, through two months ahead.
  `WITH span AS (SELECT date_trunc('month', least(now(), min(occurred_at)), 'UTC') AS first FROM usage_events_unpartitioned)
  SELECT ensure_usage_event_partitions(first,
    ((extract(year FROM now() AT TIME ZONE 'UTC') - extract(year FROM first AT TIME ZONE 'UTC')) * 12
      + extract(month FROM now() AT TIME ZONE 'UTC') - extract(month FROM first AT TIME ZONE 'UTC'))::integer + 3)
  FROM span`,
  // Copied before the triggers exist: the events are registered already, and counted in the spend projection.
  `INSERT INTO usage_events (${columns}) SELECT ${columns} FROM usage_events_unpartitioned`,
  `DROP TABLE usage_events_unpartitioned`,
  ...ledgerIndexes,
  ...ledgerTriggers,
  `CREATE FUNCTION usage_events_register_key() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO usage_event_keys (id, request_id) VALUES (NEW.id, NEW.request_id)
      ON CONFLICT (request_id) DO NOTHING;
    IF NOT FOUND THEN
      RETURN NULL; -- this request is in the ledger already: skip, like ON CONFLICT DO NOTHING
    END IF;
    RETURN NEW;
  END
  $$`,
  `CREATE TRIGGER usage_events_register_key BEFORE INSERT ON usage_events
    FOR EACH ROW EXECUTE FUNCTION usage_events_register_key()`,
  // The keys are as append-only as the events they stand for.
  `CREATE TRIGGER usage_event_keys_no_update_delete BEFORE UPDATE OR DELETE ON usage_event_keys
    FOR EACH ROW EXECUTE FUNCTION usage_events_append_only()`,
  `CREATE TRIGGER usage_event_keys_no_truncate BEFORE TRUNCATE ON usage_event_keys
    FOR EACH STATEMENT EXECUTE FUNCTION usage_events_append_only()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    ledgerTable("usage_events_unpartitioned", "PRIMARY KEY (id), UNIQUE (request_id)"),
    `INSERT INTO usage_events_unpartitioned (${columns}) SELECT ${columns} FROM usage_events`,
    `ALTER TABLE messages DROP CONSTRAINT messages_usage_event_id_fkey`,
    `ALTER TABLE meter_report_items DROP CONSTRAINT meter_report_items_usage_event_id_fkey`,
    // DROP TABLE does not fire the append-only triggers, and takes every partition with it.
    `DROP TABLE usage_events`,
    `DROP TABLE usage_event_keys`,
    `DROP FUNCTION usage_events_register_key()`,
    `DROP FUNCTION ensure_usage_event_partitions(timestamptz, integer)`,
    `ALTER TABLE usage_events_unpartitioned RENAME TO usage_events`,
    `ALTER INDEX usage_events_unpartitioned_pkey RENAME TO usage_events_pkey`,
    `ALTER INDEX usage_events_unpartitioned_request_id_key RENAME TO usage_events_request_id_key`,
    ...ledgerIndexes.slice(1),
    ...ledgerTriggers,
    `ALTER TABLE messages ADD CONSTRAINT messages_usage_event_id_fkey FOREIGN KEY (usage_event_id) REFERENCES usage_events (id)`,
    `ALTER TABLE meter_report_items ADD CONSTRAINT meter_report_items_usage_event_id_fkey FOREIGN KEY (usage_event_id) REFERENCES usage_events (id)`,
  ]) {
    await sql.raw(statement).execute(db);
  }
}
