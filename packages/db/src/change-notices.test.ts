import { sql } from "kysely";
import { afterEach, beforeAll, expect, it } from "vitest";
import { listenForCacheChanges, type CacheChange, type CacheChangeListener } from "./change-notices.js";
import { insertTestCustomer, useTestDb } from "./testing/index.js";

// Caches of keys, accounts and rates are only as fresh as these notices (migration 0100): a
// missed revocation keeps a leaked key working, a notice too many only costs a re-read.

const t = useTestDb();
let customerId: string;
let planId: string;
let listener: CacheChangeListener | undefined;

beforeAll(async () => {
  customerId = await insertTestCustomer(t.db);
  const plan = await t.db.insertInto("plans").values({ code: "notices", name: "Notices", tokens_per_minute: 1_000, requests_per_minute: 10 }).returning("id").executeTakeFirstOrThrow();
  planId = plan.id;
});

afterEach(async () => {
  await listener?.close();
  listener = undefined;
});

function listen() {
  const changes: CacheChange[] = [];
  let resets = 0;
  listener = listenForCacheChanges(t.url, { onChange: (c) => changes.push(c), onReset: () => resets++ }, { retryMs: 20 });
  return { changes, resets: () => resets, ready: listener.ready };
}

async function eventually(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it("announces a revoked or deleted key by its stored hash, and not the last-used write", async () => {
  const heard = listen();
  await heard.ready;
  const key = await t.db
    .insertInto("api_keys")
    .values({ customer_id: customerId, name: "k", prefix: "mk_live_abc", key_hash: "a".repeat(64) })
    .returning("id")
    .executeTakeFirstOrThrow();
  await t.db.updateTable("api_keys").set({ last_used_at: new Date() }).where("id", "=", key.id).execute();
  await t.db.updateTable("api_keys").set({ revoked_at: new Date() }).where("id", "=", key.id).execute();
  await t.db.deleteFrom("api_keys").where("id", "=", key.id).execute();
  await eventually(() => heard.changes.length >= 2, "two key notices");
  // A marker after everything: once it arrives, no earlier notice can still be on its way.
  await sql`SELECT pg_notify('meterkit_cache', ${JSON.stringify({ table: "customers", id: "marker" })})`.execute(t.db);
  await eventually(() => heard.changes.some((c) => "id" in c && c.id === "marker"), "the marker");
  expect(heard.changes.filter((c) => c.table === "api_keys")).toEqual([
    { table: "api_keys", keyHash: "a".repeat(64) },
    { table: "api_keys", keyHash: "a".repeat(64) },
  ]);
});

it("announces customer changes that lookups read, stays silent on others, and nothing for a rollback", async () => {
  const heard = listen();
  await heard.ready;
  await t.db.updateTable("customers").set({ name: "Renamed" }).where("id", "=", customerId).execute();
  await t.db
    .transaction()
    .execute(async (trx) => {
      await trx.updateTable("customers").set({ suspended_at: new Date() }).where("id", "=", customerId).execute();
      throw new Error("roll back");
    })
    .catch(() => {});
  await t.db.updateTable("customers").set({ monthly_budget_micros: 5_000_000 }).where("id", "=", customerId).execute();
  await t.db.insertInto("plan_rates").values({ plan_id: planId, model: "gpt-4o-mini", version: 1, input_micros_per_mtok: 1, cached_input_micros_per_mtok: 1, output_micros_per_mtok: 2 }).execute();
  await t.db.updateTable("plans").set({ name: "Renamed plan" }).where("id", "=", planId).execute();
  await eventually(() => heard.changes.length >= 3, "three notices");
  await sql`SELECT pg_notify('meterkit_cache', ${JSON.stringify({ table: "customers", id: "marker" })})`.execute(t.db);
  await eventually(() => heard.changes.some((c) => "id" in c && c.id === "marker"), "the marker");
  expect(heard.changes).toEqual([
    { table: "customers", id: customerId },
    { table: "plans", id: planId },
    { table: "plans", id: planId },
    { table: "customers", id: "marker" },
  ]);
});

it("announces a session ended before its expiry and a user's change, not the deletion of expired sessions", async () => {
  const heard = listen();
  await heard.ready;
  const user = await t.db
    .insertInto("users")
    .values({ customer_id: customerId, email: "notices@example.test", password_hash: "x", role: "customer" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [live, expired] = await t.db
    .insertInto("sessions")
    .values([
      { user_id: user.id, expires_at: new Date(Date.now() + 60_000) },
      { user_id: user.id, expires_at: new Date(Date.now() - 60_000) },
    ])
    .returning("id")
    .execute();
  await t.db.deleteFrom("sessions").where("id", "in", [live!.id, expired!.id]).execute();
  await t.db.updateTable("users").set({ password_hash: "y" }).where("id", "=", user.id).execute();
  await t.db.updateTable("users").set({ email: "renamed@example.test" }).where("id", "=", user.id).execute();
  await sql`SELECT pg_notify('meterkit_cache', ${JSON.stringify({ table: "customers", id: "marker" })})`.execute(t.db);
  await eventually(() => heard.changes.some((c) => "id" in c && c.id === "marker"), "the marker");
  expect(heard.changes).toEqual([
    { table: "sessions", id: live!.id },
    { table: "users", id: user.id },
    { table: "customers", id: "marker" },
  ]);
});

it("after losing its connection it resets, listens again and keeps hearing notices", async () => {
  const heard = listen();
  await heard.ready;
  const resetsBefore = heard.resets();
  await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'meterkit-cache-listener' AND datname = current_database()`.execute(t.db);
  // One reset when the connection drops, one when the new LISTEN is in place.
  await eventually(() => heard.resets() >= resetsBefore + 2, "the reconnection");
  await t.db.updateTable("customers").set({ suspended_at: null, monthly_budget_micros: 7_000_000 }).where("id", "=", customerId).execute();
  await eventually(() => heard.changes.some((c) => c.table === "customers" && c.id === customerId), "a notice after reconnecting");
});

it("an unreadable notice makes listeners forget everything instead of guessing", async () => {
  const heard = listen();
  await heard.ready;
  const resetsBefore = heard.resets();
  await sql`SELECT pg_notify('meterkit_cache', 'not json')`.execute(t.db);
  await eventually(() => heard.resets() > resetsBefore, "a reset");
  expect(heard.changes).toEqual([]);
});
