import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// The cap's admission check (decision 080) as one server-side call. It used to be a client
// transaction of four round trips that held the customer's row lock across them; every other
// admission of that customer waited for all of them. Here the lock is held only while the
// database itself sums and inserts, and the client pays one round trip.
//
// The lock is FOR NO KEY UPDATE, not FOR UPDATE: it excludes every other admission of the
// customer just the same, but not the FOR KEY SHARE locks that the foreign keys of usage events,
// reservations and checkpoints take, so ledger writes of the customer never queue behind it.
//
// The function is VOLATILE (the default) on purpose: under READ COMMITTED each statement in it
// then takes a fresh snapshot, so the sums, read after the lock is granted, see every
// reservation and usage event committed by the admission that held the lock before.

export async function up(db: Kysely<any>): Promise<void> {
  // The period's spend is summed under the lock: an index carrying the cost lets Postgres read
  // it from the index alone (for pages the visibility map marks all-visible). It serves every
  // query of the index it replaces, which would only cost ledger inserts a second write.
  await sql`CREATE INDEX usage_events_customer_occurred_cost_idx ON usage_events (customer_id, occurred_at) INCLUDE (cost_micros)`.execute(db);
  await sql`DROP INDEX usage_events_customer_occurred_idx`.execute(db);
  await sql`
    CREATE FUNCTION reserve_spend(
      p_customer_id uuid, p_request_id text, p_amount_micros bigint, p_limit_micros bigint,
      p_period_start timestamptz, p_ttl interval,
      OUT reservation_id uuid, OUT spent_micros bigint, OUT held_micros bigint
    ) LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      PERFORM 1 FROM customers WHERE id = p_customer_id FOR NO KEY UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % does not exist', p_customer_id USING ERRCODE = 'no_data_found';
      END IF;
      SELECT coalesce(sum(cost_micros), 0) INTO spent_micros FROM usage_events
        WHERE customer_id = p_customer_id AND occurred_at >= p_period_start;
      SELECT coalesce(sum(amount_micros), 0) INTO held_micros FROM reservations
        WHERE customer_id = p_customer_id AND status = 'held' AND expires_at > now();
      IF spent_micros + held_micros + p_amount_micros <= p_limit_micros THEN
        INSERT INTO reservations (customer_id, request_id, amount_micros, status, expires_at)
          VALUES (p_customer_id, p_request_id, p_amount_micros, 'held', now() + p_ttl)
          RETURNING id INTO reservation_id;
      END IF;
    END
    $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION reserve_spend(uuid, text, bigint, bigint, timestamptz, interval)`.execute(db);
  await sql`CREATE INDEX usage_events_customer_occurred_idx ON usage_events (customer_id, occurred_at)`.execute(db);
  await sql`DROP INDEX usage_events_customer_occurred_cost_idx`.execute(db);
}
