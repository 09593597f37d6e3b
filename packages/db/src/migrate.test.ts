import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest, migrateToNothing, migrations } from "./migrate.js";
import { createEmptyTestDb, type TestDb } from "./testing/index.js";

async function tableNames(t: TestDb): Promise<string[]> {
  const { rows } = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%'
      and not exists (select 1 from pg_class c where c.relname = table_name and c.relispartition)
    order by table_name`.execute(t.db);
  return rows.map((r) => r.table_name);
}

describe("migrations", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createEmptyTestDb();
  });
  afterAll(() => t.destroy());

  it("create every table of the data model", async () => {
    const results = await migrateToLatest(t.db);
    expect(results.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => "Success"));
    expect(await tableNames(t)).toEqual([
      "api_keys", "audit_log", "conversations", "credit_transfers", "customer_spend_hourly", "customers", "messages", "meter_report_items",
      "meter_reports", "meters", "password_resets", "plan_prices", "plan_rates", "plans",
      "rate_limit_buckets", "reconciliation_lines", "reconciliation_runs", "reservations",
      "sessions", "spend_alerts", "stripe_webhook_events", "usage_checkpoints", "usage_event_keys", "usage_events", "users",
    ]);
  });

  it("are idempotent: a second run applies nothing", async () => {
    expect(await migrateToLatest(t.db)).toEqual([]);
  });

  it("step down one at a time, then all the way, leaving no tables or functions", async () => {
    const last = Object.keys(migrations).at(-1);
    expect((await migrateDown(t.db)).map((r) => r.migrationName)).toEqual([last]);
    await migrateToNothing(t.db);
    expect(await tableNames(t)).toEqual([]);
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = 'public'`.execute(t.db);
    expect(rows[0]?.n).toBe(0);
  });

  it("go up again after going down", async () => {
    await migrateToLatest(t.db);
    expect(await tableNames(t)).toHaveLength(25);
  });
});
