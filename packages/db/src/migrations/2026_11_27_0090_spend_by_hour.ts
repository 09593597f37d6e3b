import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// A customer's spend per UTC hour, kept by a trigger on the ledger, so that a spending-limit
// check reads at most ~750 small rows for a month instead of every usage event of the period.
// With a busy customer the ledger sum grew with each request (1.3-2 ms at 8,000 events, under
// the customer's admission lock, which serialises that customer's admissions); this stays flat.
//
// It is a projection of the ledger, never written by code: the ledger is append-only (UPDATE and
// DELETE raise), so an AFTER INSERT trigger sees every change there will ever be, in the same
// transaction as the event. No foreign key: the event's own key already checked the customer,
// and a second check per insert buys nothing.
//
// Hours are UTC (date_trunc's zone argument), whatever the session's TimeZone says.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE TABLE customer_spend_hourly (
      customer_id uuid NOT NULL,
      hour timestamptz NOT NULL,
      cost_micros bigint NOT NULL,
      events integer NOT NULL,
      PRIMARY KEY (customer_id, hour)
    )
  `.execute(db);
  await sql`
    CREATE FUNCTION add_usage_to_spend_hourly() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO customer_spend_hourly AS s (customer_id, hour, cost_micros, events)
        VALUES (NEW.customer_id, date_trunc('hour', NEW.occurred_at, 'UTC'), NEW.cost_micros, 1)
        ON CONFLICT (customer_id, hour)
        DO UPDATE SET cost_micros = s.cost_micros + EXCLUDED.cost_micros, events = s.events + 1;
      RETURN NULL;
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER usage_events_spend_hourly AFTER INSERT ON usage_events
      FOR EACH ROW EXECUTE FUNCTION add_usage_to_spend_hourly()
  `.execute(db);
  await sql`
    INSERT INTO customer_spend_hourly (customer_id, hour, cost_micros, events)
      SELECT customer_id, date_trunc('hour', occurred_at, 'UTC'), sum(cost_micros), count(*)
      FROM usage_events GROUP BY 1, 2
  `.execute(db);

  // Spend since a moment: whole hours from the projection, plus the events of the hour the
  // moment falls in (read from the ledger, at most one hour of one customer's events).
  await sql`
    CREATE FUNCTION customer_spend_since(p_customer_id uuid, p_since timestamptz) RETURNS bigint
    LANGUAGE sql STABLE AS $$
      SELECT
        coalesce((SELECT sum(cost_micros) FROM customer_spend_hourly
                  WHERE customer_id = p_customer_id AND hour >= date_trunc('hour', p_since, 'UTC') + interval '1 hour'), 0)
      + coalesce((SELECT sum(cost_micros) FROM usage_events
                  WHERE customer_id = p_customer_id AND occurred_at >= p_since
                    AND occurred_at < date_trunc('hour', p_since, 'UTC') + interval '1 hour'), 0)
    $$
  `.execute(db);

  // reserve_spend as in 0080, with the spend read through the projection, and spend and held
  // amounts read in ONE statement, so in one snapshot: a request that settles (its usage event
  // in, its reservation marked settled, one transaction) is then counted once. Read by two
  // statements, as 0080 did, a settle committing between them was counted in neither.
  await sql.raw(reserveSpendFunction(`
      SELECT customer_spend_since(p_customer_id, p_period_start),
             (SELECT coalesce(sum(amount_micros), 0) FROM reservations
               WHERE customer_id = p_customer_id AND status = 'held' AND expires_at > now())
        INTO spent_micros, held_micros;`)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Back to 0080's reads.
  await sql.raw(reserveSpendFunction(`
      SELECT coalesce(sum(cost_micros), 0) INTO spent_micros FROM usage_events
        WHERE customer_id = p_customer_id AND occurred_at >= p_period_start;
      SELECT coalesce(sum(amount_micros), 0) INTO held_micros FROM reservations
        WHERE customer_id = p_customer_id AND status = 'held' AND expires_at > now();`)).execute(db);
  await sql`DROP FUNCTION customer_spend_since(uuid, timestamptz)`.execute(db);
  await sql`DROP TRIGGER usage_events_spend_hourly ON usage_events`.execute(db);
  await sql`DROP FUNCTION add_usage_to_spend_hourly()`.execute(db);
  await sql`DROP TABLE customer_spend_hourly`.execute(db);
}

/** reserve_spend (see 0080) with the statements that set spent_micros and held_micros. */
function reserveSpendFunction(readSpentAndHeld: string): string {
  return `
    CREATE OR REPLACE FUNCTION reserve_spend(
      p_customer_id uuid, p_request_id text, p_amount_micros bigint, p_limit_micros bigint,
      p_period_start timestamptz, p_ttl interval,
      OUT reservation_id uuid, OUT spent_micros bigint, OUT held_micros bigint
    ) LANGUAGE plpgsql VOLATILE AS $$
    BEGIN
      PERFORM 1 FROM customers WHERE id = p_customer_id FOR NO KEY UPDATE;
      IF NOT FOUND THEN
        RAISE EXCEPTION 'customer % does not exist', p_customer_id USING ERRCODE = 'no_data_found';
      END IF;${readSpentAndHeld}
      IF spent_micros + held_micros + p_amount_micros <= p_limit_micros THEN
        INSERT INTO reservations (customer_id, request_id, amount_micros, status, expires_at)
          VALUES (p_customer_id, p_request_id, p_amount_micros, 'held', now() + p_ttl)
          RETURNING id INTO reservation_id;
      END IF;
    END
    $$`;
}
