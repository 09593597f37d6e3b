import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// A credit granted in the ledger lowered the customer's total in the app but never reached
// Stripe, which invoiced the full amount. Each credit now has a transfer row, written in the same
// transaction as its ledger event, that the worker delivers as a Stripe customer balance
// transaction (a negative balance is applied to the customer's next invoices).
// Credits granted before this migration are queued too, whole cents toward zero: Stripe balances
// are in cents and a credit must never give more than the ledger recorded.

const up_ = [
  `CREATE TABLE credit_transfers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    usage_event_id uuid NOT NULL UNIQUE REFERENCES usage_event_keys (id),
    customer_id uuid NOT NULL REFERENCES customers (id),
    amount_cents bigint NOT NULL CHECK (amount_cents <> 0),
    currency text NOT NULL,
    description text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed', 'sent', 'dead')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    last_error text,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_until timestamptz,
    claim_token uuid,
    stripe_transaction_id text,
    sent_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (status <> 'sent' OR stripe_transaction_id IS NOT NULL)
  )`,
  `CREATE INDEX credit_transfers_due_idx ON credit_transfers (status, next_attempt_at)`,
  `CREATE INDEX credit_transfers_customer_idx ON credit_transfers (customer_id, created_at)`,
  `INSERT INTO credit_transfers (usage_event_id, customer_id, amount_cents, currency, description, created_at)
   SELECT e.id, e.customer_id, trunc(e.cost_micros / 10000.0)::bigint, coalesce(p.currency, 'usd'), coalesce(nullif(e.note, ''), 'Credit'), e.occurred_at
   FROM usage_events e LEFT JOIN plans p ON p.id = e.plan_id
   WHERE e.kind = 'credit' AND e.cost_micros <= -10000`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE credit_transfers`.execute(db);
}
