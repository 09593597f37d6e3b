import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.

const up_ = [
  `CREATE TABLE customers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name text NOT NULL,
    email text NOT NULL,
    stripe_customer_id text UNIQUE,
    plan_id uuid REFERENCES plans (id),
    subscription_status text NOT NULL DEFAULT 'none' CHECK (subscription_status IN
      ('none', 'incomplete', 'trialing', 'active', 'past_due', 'canceled', 'unpaid')),
    stripe_subscription_id text UNIQUE,
    current_period_start timestamptz,
    current_period_end timestamptz,
    monthly_budget_micros bigint CHECK (monthly_budget_micros >= 0),
    suspended_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX customers_email_idx ON customers (lower(email))`,
  `CREATE INDEX customers_plan_idx ON customers (plan_id)`,
  `CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid REFERENCES customers (id),
    email text NOT NULL UNIQUE CHECK (email = lower(email) AND email LIKE '%_@_%'),
    password_hash text NOT NULL,
    role text NOT NULL CHECK (role IN ('customer', 'admin')),
    created_at timestamptz NOT NULL DEFAULT now(),
    -- Admins belong to no customer and every customer user belongs to one: tenant isolation
    -- can then key on customer_id alone.
    CHECK ((role = 'admin') = (customer_id IS NULL))
  )`,
  `CREATE INDEX users_customer_idx ON users (customer_id)`,
  `CREATE TABLE sessions (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX sessions_user_idx ON sessions (user_id)`,
  `CREATE INDEX sessions_expires_idx ON sessions (expires_at)`,
  `CREATE TABLE password_resets (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash text NOT NULL UNIQUE,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX password_resets_user_idx ON password_resets (user_id)`,
  `CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid NOT NULL REFERENCES customers (id),
    name text NOT NULL,
    prefix text NOT NULL,
    key_hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at timestamptz
  )`,
  `CREATE INDEX api_keys_customer_idx ON api_keys (customer_id)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["api_keys", "password_resets", "sessions", "users", "customers"]) {
    await sql.raw(`DROP TABLE ${table}`).execute(db);
  }
}
