import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.

const up_ = [
  `CREATE TABLE conversations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    customer_id uuid NOT NULL REFERENCES customers (id),
    user_id uuid NOT NULL REFERENCES users (id),
    title text NOT NULL,
    model text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX conversations_user_updated_idx ON conversations (user_id, updated_at DESC)`,
  `CREATE INDEX conversations_customer_idx ON conversations (customer_id)`,
  `CREATE TABLE messages (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    role text NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
    content text NOT NULL,
    status text CHECK (status IN ('pending', 'streaming', 'completed', 'aborted', 'failed', 'truncated')),
    usage_event_id uuid REFERENCES usage_events (id),
    created_at timestamptz NOT NULL DEFAULT now()
  )`,
  `CREATE INDEX messages_conversation_idx ON messages (conversation_id, created_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of up_) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw("DROP TABLE messages").execute(db);
  await sql.raw("DROP TABLE conversations").execute(db);
}
