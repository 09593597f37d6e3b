import { sql, type Kysely } from "kysely";

// Frozen in time: this file never imports application code.
// Processes that remember API keys, accounts, rates and sessions for a moment (decisions 082,
// 111) learn of a change at once: a revoked key, a suspension, a plan change, a new rate or a
// log-out is announced on the `meterkit_cache` channel when its transaction commits (NOTIFY is
// transactional, so a rolled-back change announces nothing). Payloads name what changed, never
// a secret: an API key by the hash the table already stores, a session by its row id (itself a
// hash of the cookie's token).
//
// Only columns that a cached lookup reads fire the customers and users triggers, so Stripe syncs
// that touch other columns stay silent. api_keys fires on revocation and deletion, not on the
// once-a-minute last_used_at write. A session fires when it is deleted before its expiry (log-out,
// password change); deleting expired ones says nothing, since no cache serves an expired session.

const channel = "meterkit_cache";

export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    CREATE FUNCTION notify_cache_change() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      payload json;
    BEGIN
      -- One branch per table: a record's fields are resolved when a statement first runs.
      IF TG_TABLE_NAME = 'api_keys' THEN
        payload := json_build_object('table', 'api_keys', 'keyHash', OLD.key_hash);
      ELSIF TG_TABLE_NAME = 'plan_rates' AND TG_OP = 'DELETE' THEN
        payload := json_build_object('table', 'plans', 'id', OLD.plan_id);
      ELSIF TG_TABLE_NAME = 'plan_rates' THEN
        payload := json_build_object('table', 'plans', 'id', NEW.plan_id);
      ELSIF TG_OP = 'DELETE' THEN
        payload := json_build_object('table', TG_TABLE_NAME, 'id', OLD.id);
      ELSE
        payload := json_build_object('table', TG_TABLE_NAME, 'id', NEW.id);
      END IF;
      PERFORM pg_notify(${sql.lit(channel)}, payload::text);
      RETURN NULL;
    END
    $$
  `.execute(db);
  await sql`
    CREATE TRIGGER api_keys_cache_revoked AFTER UPDATE ON api_keys FOR EACH ROW
      WHEN (OLD.revoked_at IS DISTINCT FROM NEW.revoked_at OR OLD.key_hash IS DISTINCT FROM NEW.key_hash)
      EXECUTE FUNCTION notify_cache_change()
  `.execute(db);
  await sql`CREATE TRIGGER api_keys_cache_deleted AFTER DELETE ON api_keys FOR EACH ROW EXECUTE FUNCTION notify_cache_change()`.execute(db);
  await sql`
    CREATE TRIGGER customers_cache_change AFTER UPDATE ON customers FOR EACH ROW
      WHEN ((OLD.subscription_status, OLD.suspended_at, OLD.monthly_budget_micros, OLD.current_period_start, OLD.plan_id)
            IS DISTINCT FROM (NEW.subscription_status, NEW.suspended_at, NEW.monthly_budget_micros, NEW.current_period_start, NEW.plan_id))
      EXECUTE FUNCTION notify_cache_change()
  `.execute(db);
  await sql`CREATE TRIGGER customers_cache_deleted AFTER DELETE ON customers FOR EACH ROW EXECUTE FUNCTION notify_cache_change()`.execute(db);
  await sql`
    CREATE TRIGGER sessions_cache_ended AFTER DELETE ON sessions FOR EACH ROW
      WHEN (OLD.expires_at > now())
      EXECUTE FUNCTION notify_cache_change()
  `.execute(db);
  await sql`
    CREATE TRIGGER users_cache_change AFTER UPDATE ON users FOR EACH ROW
      WHEN ((OLD.email, OLD.role, OLD.customer_id) IS DISTINCT FROM (NEW.email, NEW.role, NEW.customer_id))
      EXECUTE FUNCTION notify_cache_change()
  `.execute(db);
  await sql`CREATE TRIGGER users_cache_deleted AFTER DELETE ON users FOR EACH ROW EXECUTE FUNCTION notify_cache_change()`.execute(db);
  await sql`CREATE TRIGGER plans_cache_change AFTER UPDATE OR DELETE ON plans FOR EACH ROW EXECUTE FUNCTION notify_cache_change()`.execute(db);
  await sql`CREATE TRIGGER plan_rates_cache_change AFTER INSERT OR UPDATE OR DELETE ON plan_rates FOR EACH ROW EXECUTE FUNCTION notify_cache_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP FUNCTION notify_cache_change() CASCADE`.execute(db);
}
