import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.

const up_ = [
  `CREATE TABLE plans (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9_-]*$'),
    name text NOT NULL,
    description text NOT NULL DEFAULT '',
    currency text NOT NULL DEFAULT 'usd' CHECK (currency ~ '^[a-z]{3}$'),
    base_fee_micros bigint NOT NULL DEFAULT 0 CHECK (base_fee_micros >= 0),
    hard_cap_micros bigint CHECK (hard_cap_micros > 0),
    tokens_per_minute integer NOT NULL CHECK (tokens_per_minute > 0),
    requests_per_minute integer NOT NULL CHECK (requests_per_minute > 0),
    context_policy text NOT NULL DEFAULT 'reject' CHECK (context_policy IN ('reject', 'truncate')),
    bill_prompt_as text NOT NULL DEFAULT 'sent' CHECK (bill_prompt_as IN ('sent', 'effective')),
    flush_policy text NOT NULL DEFAULT 'batched' CHECK (flush_policy IN ('immediate', 'batched')),
    flush_interval_seconds integer NOT NULL DEFAULT 3600 CHECK (flush_interval_seconds > 0),
    is_public boolean NOT NULL DEFAULT false,
    archived_at timestamptz,
    stripe_product_id text UNIQUE,
    stripe_base_price_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE TABLE plan_rates (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id uuid NOT NULL REFERENCES plans (id),
    model text NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    input_micros_per_mtok bigint NOT NULL CHECK (input_micros_per_mtok >= 0),
    cached_input_micros_per_mtok bigint NOT NULL CHECK (cached_input_micros_per_mtok >= 0),
    output_micros_per_mtok bigint NOT NULL CHECK (output_micros_per_mtok >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    superseded_at timestamptz,
    UNIQUE (plan_id, model, version)
  )`,
  // One current rate per (plan, model); older versions keep their superseded_at.
  `CREATE UNIQUE INDEX plan_rates_current_idx ON plan_rates (plan_id, model) WHERE superseded_at IS NULL`,
  `CREATE TABLE meters (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    model text NOT NULL,
    token_class text NOT NULL CHECK (token_class IN ('input', 'cached_input', 'output')),
    event_name text NOT NULL UNIQUE CHECK (event_name ~ '^[a-z0-9_]+$'),
    stripe_meter_id text UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (model, token_class)
  )`,
  `CREATE TABLE plan_prices (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    plan_id uuid NOT NULL REFERENCES plans (id),
    meter_id uuid NOT NULL REFERENCES meters (id),
    rate_version integer NOT NULL CHECK (rate_version >= 1),
    unit_amount_decimal text NOT NULL CHECK (unit_amount_decimal ~ '^[0-9]+(\\.[0-9]+)?$'),
    stripe_price_id text UNIQUE,
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE UNIQUE INDEX plan_prices_active_idx ON plan_prices (plan_id, meter_id) WHERE active`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["plan_prices", "meters", "plan_rates", "plans"]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
