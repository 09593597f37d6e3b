import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// Admission leases (decision 116). A busy API key no longer needs a round trip to Postgres for
// every request: one admission may take a share of what is still free for the caller (requests
// and tokens of the current rate-limit minute, and headroom under the spending limit) and hand
// it out to the next requests of the same process without asking again.
//
// What is leased is counted exactly like what a single request takes: the bucket counts the
// leased requests and tokens, and the leased money is a held reservation (kind 'lease'), so every
// other admission, in any process, sees it as spent. A cap therefore still holds under any
// concurrency (invariant 6); a lease only moves the moment a request's share is claimed earlier.
//
// The share is small on purpose (p_lease_share of what is free, at most p_lease_requests
// requests), so a lease never starves the caller's other processes by much; and when the share
// would not cover two requests like this one, the function admits this request alone, exactly as
// take_admission (0110) does: near a limit, every request is decided by Postgres.
//
// A lease's reservation shrinks by each of its requests' worst case when their usage events are
// written (record-usage), and by its unused part when its process gives it back (returned_at
// set); it is settled when both have brought it to zero.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE reservations ADD COLUMN kind text NOT NULL DEFAULT 'request' CHECK (kind IN ('request', 'lease'))`.execute(db);
  await sql`ALTER TABLE reservations ADD COLUMN returned_at timestamptz`.execute(db);
  await sql`
    CREATE FUNCTION take_admission_lease(
      p_key text, p_window_start timestamptz, p_previous_start timestamptz, p_previous_weight float8,
      p_tokens bigint, p_requests_per_minute integer, p_tokens_per_minute bigint,
      p_customer_id uuid, p_request_id text, p_amount_micros bigint, p_limit_micros bigint,
      p_period_start timestamptz, p_ttl interval,
      p_lease_id text, p_lease_requests integer, p_lease_share float8, p_lease_ttl interval,
      OUT refused_by text, OUT leased_requests integer, OUT leased_tokens bigint, OUT leased_micros bigint,
      OUT window_tokens bigint, OUT window_requests integer,
      OUT previous_tokens bigint, OUT previous_requests integer,
      OUT reservation_id uuid, OUT spent_micros bigint, OUT held_micros bigint
    ) LANGUAGE plpgsql VOLATILE AS $$
    DECLARE
      free_requests bigint;
      free_tokens bigint;
      headroom bigint;
    BEGIN
      SELECT coalesce(max(floor(b.tokens * p_previous_weight)), 0)::bigint,
             coalesce(max(floor(b.requests * p_previous_weight)), 0)::integer
        INTO previous_tokens, previous_requests
        FROM rate_limit_buckets b WHERE b.key = p_key AND b.window_start = p_previous_start;

      -- Lock this minute's bucket (created empty if need be) and read what it has counted.
      INSERT INTO rate_limit_buckets AS b (key, window_start, tokens, requests)
        VALUES (p_key, p_window_start, 0, 0)
        ON CONFLICT (key, window_start) DO UPDATE SET requests = b.requests
        RETURNING b.tokens, b.requests INTO window_tokens, window_requests;
      free_requests := p_requests_per_minute - window_requests - previous_requests;
      free_tokens := p_tokens_per_minute - window_tokens - previous_tokens;
      IF free_requests < 1 OR free_tokens < p_tokens THEN
        refused_by := 'rate_limit';
        RETURN;
      END IF;

      leased_requests := least(p_lease_requests, floor(free_requests * p_lease_share))::integer;
      leased_tokens := least(leased_requests * p_tokens, floor(free_tokens * p_lease_share))::bigint;
      leased_micros := 0;
      spent_micros := 0;
      held_micros := 0;
      IF p_limit_micros IS NOT NULL THEN
        -- The same lock and the same one-snapshot read as reserve_spend (0080, 0090).
        PERFORM 1 FROM customers WHERE id = p_customer_id FOR NO KEY UPDATE;
        IF NOT FOUND THEN
          RAISE EXCEPTION 'customer % does not exist', p_customer_id USING ERRCODE = 'no_data_found';
        END IF;
        SELECT customer_spend_since(p_customer_id, p_period_start),
               (SELECT coalesce(sum(amount_micros), 0) FROM reservations
                 WHERE customer_id = p_customer_id AND status = 'held' AND expires_at > now())
          INTO spent_micros, held_micros;
        headroom := p_limit_micros - spent_micros - held_micros;
        IF headroom < p_amount_micros THEN
          refused_by := 'spend_limit';
          RETURN;
        END IF;
        leased_micros := least(leased_requests * p_amount_micros, floor(headroom * p_lease_share))::bigint;
      END IF;

      IF leased_requests < 2 OR leased_tokens < 2 * p_tokens
         OR (p_limit_micros IS NOT NULL AND leased_micros < 2 * p_amount_micros) THEN
        -- Too little room to share out: this request alone.
        leased_requests := 0;
        leased_tokens := 0;
        leased_micros := 0;
        UPDATE rate_limit_buckets SET tokens = tokens + p_tokens, requests = requests + 1
          WHERE key = p_key AND window_start = p_window_start
          RETURNING tokens, requests INTO window_tokens, window_requests;
        IF p_limit_micros IS NOT NULL THEN
          INSERT INTO reservations (customer_id, request_id, amount_micros, status, expires_at)
            VALUES (p_customer_id, p_request_id, p_amount_micros, 'held', now() + p_ttl)
            RETURNING id INTO reservation_id;
          held_micros := held_micros + p_amount_micros;
        END IF;
      ELSE
        UPDATE rate_limit_buckets SET tokens = tokens + leased_tokens, requests = requests + leased_requests
          WHERE key = p_key AND window_start = p_window_start
          RETURNING tokens, requests INTO window_tokens, window_requests;
        IF p_limit_micros IS NOT NULL THEN
          INSERT INTO reservations (customer_id, request_id, amount_micros, status, expires_at, kind)
            VALUES (p_customer_id, p_lease_id, leased_micros, 'held', now() + p_lease_ttl, 'lease')
            RETURNING id INTO reservation_id;
          held_micros := held_micros + leased_micros;
        END IF;
      END IF;
    END
    $$
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    DROP FUNCTION take_admission_lease(text, timestamptz, timestamptz, float8, bigint, integer, bigint, uuid, text, bigint, bigint,
      timestamptz, interval, text, integer, float8, interval)
  `.execute(db);
  await sql`ALTER TABLE reservations DROP COLUMN returned_at`.execute(db);
  await sql`ALTER TABLE reservations DROP COLUMN kind`.execute(db);
}
