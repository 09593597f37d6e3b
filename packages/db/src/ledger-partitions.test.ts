import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest } from "./migrate.js";
import { ensureLedgerPartitions, insertUsageEvent, PARTITION_LOCK_TIMEOUT_MS } from "./repositories/index.js";
import type { Database } from "./schema/index.js";
import { createEmptyTestDb, createTestDb, insertTestCustomer, usageEventFixture, type TestDb } from "./testing/index.js";

// Migration 0150: the ledger is partitioned by month of occurred_at (DESIGN §7); request ids
// stay unique and foreign keys keep working through usage_event_keys.

async function partitionOf(db: Kysely<Database>, id: string): Promise<string> {
  const { rows } = await sql<{ part: string }>`select tableoid::regclass::text as part from usage_events where id = ${id}`.execute(db);
  return rows[0]!.part;
}

/** A conversation of the customer, to hang messages on. */
async function conversationOf(db: Kysely<Database>, customerId: string): Promise<{ id: string }> {
  const user = await db
    .insertInto("users")
    .values({ customer_id: customerId, email: `u-${customerId}@example.test`, password_hash: "x", role: "customer" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return db.insertInto("conversations").values({ customer_id: customerId, user_id: user.id, title: "t", model: "meterkit-demo" }).returning("id").executeTakeFirstOrThrow();
}

async function rejection(run: () => Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await run();
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error("expected the statement to be rejected");
}

describe("the partitioned ledger", () => {
  let t: TestDb;
  let customerId: string;
  beforeAll(async () => {
    t = await createTestDb({ max: 4 });
    customerId = await insertTestCustomer(t.db);
  });
  afterAll(() => t.destroy());

  it("puts each event in its month's partition, and one outside every month in the default partition", async () => {
    const now = await insertUsageEvent(t.db, usageEventFixture(customerId));
    const month = new Date().toISOString().slice(0, 7).replace("-", "_");
    expect(await partitionOf(t.db, now.event.id)).toBe(`usage_events_${month}`);
    const old = await insertUsageEvent(t.db, usageEventFixture(customerId, { occurred_at: new Date("2019-03-15T12:00:00Z") }));
    expect(await partitionOf(t.db, old.event.id)).toBe("usage_events_default");
  });

  it("creates the months ahead once, and leaves a month the default partition already holds events of", async () => {
    const future = new Date("2031-05-20T00:00:00Z");
    expect(await ensureLedgerPartitions(t.db, { now: future, monthsAhead: 2 })).toBe(3);
    expect(await ensureLedgerPartitions(t.db, { now: future, monthsAhead: 2 })).toBe(0);
    const june = await insertUsageEvent(t.db, usageEventFixture(customerId, { occurred_at: new Date("2031-06-30T23:59:59Z") }));
    expect(await partitionOf(t.db, june.event.id)).toBe("usage_events_2031_06");

    const stray = await insertUsageEvent(t.db, usageEventFixture(customerId, { occurred_at: new Date("2040-01-10T00:00:00Z") }));
    expect(await ensureLedgerPartitions(t.db, { now: new Date("2040-01-01T00:00:00Z"), monthsAhead: 1 })).toBe(1);
    expect(await partitionOf(t.db, stray.event.id)).toBe("usage_events_default");
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_class where relname in ('usage_events_2040_01', 'usage_events_2040_02')`.execute(t.db);
    expect(rows[0]!.n).toBe(1);
  });

  it("makes whole UTC months whatever the session's time zone, across daylight-saving changes", async () => {
    const bounds = await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL TimeZone TO 'Europe/Berlin'`.execute(trx);
      // March and October: the months with a daylight-saving change in Berlin.
      await ensureLedgerPartitions(trx, { now: new Date("2033-02-15T00:00:00Z"), monthsAhead: 10 });
      await sql`SET LOCAL TimeZone TO 'UTC'`.execute(trx);
      const { rows } = await sql<{ name: string; bound: string }>`
        SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'usage_events'::regclass AND c.relname LIKE 'usage_events_2033_%' ORDER BY 1`.execute(trx);
      return rows;
    });
    expect(bounds).toHaveLength(11);
    for (const { name, bound } of bounds) {
      const [year, month] = name.slice("usage_events_".length).split("_").map(Number) as [number, number];
      const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, "0")}`;
      expect(bound).toBe(`FOR VALUES FROM ('${year}-${String(month).padStart(2, "0")}-01 00:00:00+00') TO ('${next}-01 00:00:00+00')`);
    }
  });

  it("gives up rather than hold ledger writes back while a long reader has the ledger", async () => {
    const reader = await t.db.connection().execute(async (connection) => {
      await sql`BEGIN`.execute(connection);
      await sql`SELECT count(*) FROM usage_events`.execute(connection);
      try {
        const started = Date.now();
        const error = await rejection(() => ensureLedgerPartitions(t.db, { now: new Date("2045-06-01T00:00:00Z"), monthsAhead: 0 }));
        // Meanwhile a ledger write is not stuck behind it for longer than the timeout.
        await insertUsageEvent(t.db, usageEventFixture(customerId));
        return { code: error.code, waitedMs: Date.now() - started };
      } finally {
        await sql`ROLLBACK`.execute(connection);
      }
    });
    expect(reader.code).toBe("55P03");
    expect(reader.waitedMs).toBeLessThan(PARTITION_LOCK_TIMEOUT_MS + 2_000);
    // Once the reader is gone, the next run creates it.
    expect(await ensureLedgerPartitions(t.db, { now: new Date("2045-06-01T00:00:00Z"), monthsAhead: 0 })).toBe(1);
  });

  it("keeps one event per request id, across months and whatever the SQL", async () => {
    const fixture = usageEventFixture(customerId);
    const first = await t.db.insertInto("usage_events").values(fixture).returning("id").execute();
    // The same request again, in another month: no row, no error, nothing returned.
    const again = await t.db.insertInto("usage_events").values({ ...fixture, occurred_at: new Date("2019-01-01T00:00:00Z"), cost_micros: 999 }).returning("id").execute();
    expect(first).toHaveLength(1);
    expect(again).toEqual([]);
    const rows = await t.db.selectFrom("usage_events").select(["id", "cost_micros"]).where("request_id", "=", fixture.request_id).execute();
    expect(rows).toEqual([{ id: first[0]!.id, cost_micros: fixture.cost_micros }]);
  });

  it("lets concurrent writers of one request id add exactly one event", async () => {
    const fixture = usageEventFixture(customerId);
    const results = await Promise.all(Array.from({ length: 4 }, () => t.db.transaction().execute((trx) => insertUsageEvent(trx, fixture))));
    expect(results.filter((r) => r.inserted)).toHaveLength(1);
    expect(new Set(results.map((r) => r.event.id)).size).toBe(1);
  });

  it("refuses edits of an event through its partition, and of the keys", async () => {
    const { event } = await insertUsageEvent(t.db, usageEventFixture(customerId));
    const partition = await partitionOf(t.db, event.id);
    for (const statement of [
      sql`update ${sql.table(partition)} set cost_micros = 0 where id = ${event.id}`,
      sql`delete from ${sql.table(partition)} where id = ${event.id}`,
      sql`truncate ${sql.table(partition)}`,
      sql`truncate usage_events_default`,
      sql`delete from usage_event_keys where id = ${event.id}`,
      sql`truncate usage_event_keys cascade`,
    ]) {
      expect((await rejection(() => statement.execute(t.db))).message).toMatch(/append-only ledger/);
    }
    expect(await t.db.selectFrom("usage_events").select("cost_micros").where("id", "=", event.id).executeTakeFirst()).toEqual({ cost_micros: event.cost_micros });
  });

  it("still lets messages and meter report items point only at events that exist", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    const { event } = await insertUsageEvent(t.db, usageEventFixture(customerId));
    const conversation = await conversationOf(t.db, customerId);
    const insertMessage = (usageEventId: string) =>
      t.db.insertInto("messages").values({ conversation_id: conversation.id, role: "assistant", content: "hi", status: "completed", usage_event_id: usageEventId }).execute();
    expect((await rejection(() => insertMessage(missing))).code).toBe("23503");
    await insertMessage(event.id);

    const meter = await t.db.insertInto("meters").values({ model: "m-fk", token_class: "output", event_name: "mk_m_fk_output" }).returning("id").executeTakeFirstOrThrow();
    const report = await t.db.insertInto("meter_reports").values({ identifier: "mr_fk", customer_id: customerId, meter_id: meter.id, value: 30 }).returning("id").executeTakeFirstOrThrow();
    const insertItem = (usageEventId: string) =>
      t.db.insertInto("meter_report_items").values({ report_id: report.id, usage_event_id: usageEventId, meter_id: meter.id, value: 30 }).execute();
    expect((await rejection(() => insertItem(missing))).code).toBe("23503");
    await insertItem(event.id);
  });
});

describe("migration 0150 on a ledger that has events", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createEmptyTestDb();
    await migrateToLatest(t.db);
  });
  afterAll(() => t.destroy());

  // Undoes the migrations from the newest back to 0150 itself.
  const downThrough0150 = async () => {
    for (;;) {
      const latest = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`.execute(t.db);
      if (!latest.rows[0] || latest.rows[0].name < "2026_11_27_0150") return;
      await migrateDown(t.db);
    }
  };

  it("moves every event into its month, with its keys, references and spend, and back down", async () => {
    await downThrough0150();
    const customerId = await insertTestCustomer(t.db);
    const months = ["2026-09-30T23:59:59Z", "2026-10-01T00:00:00Z", new Date().toISOString()];
    const ids: string[] = [];
    for (const at of months) {
      const row = await t.db.insertInto("usage_events").values(usageEventFixture(customerId, { occurred_at: new Date(at) })).returning("id").executeTakeFirstOrThrow();
      ids.push(row.id);
    }
    const conversation = await conversationOf(t.db, customerId);
    await t.db.insertInto("messages").values({ conversation_id: conversation.id, role: "assistant", content: "hi", status: "completed", usage_event_id: ids[0]! }).execute();
    const spend = () => sql<{ cost: string; events: string }>`select sum(cost_micros)::text as cost, sum(events)::text as events from customer_spend_hourly`.execute(t.db);
    const spendBefore = (await spend()).rows[0];

    await migrateToLatest(t.db);
    expect(await Promise.all(ids.map((id) => partitionOf(t.db, id)))).toEqual([
      "usage_events_2026_09",
      "usage_events_2026_10",
      `usage_events_${new Date().toISOString().slice(0, 7).replace("-", "_")}`,
    ]);
    const keys = await t.db.selectFrom("usage_event_keys" as never).select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(keys).toEqual({ n: 3 });
    expect((await spend()).rows[0]).toEqual(spendBefore);
    // A repeat of a migrated request is skipped like any other.
    const repeat = await t.db.selectFrom("usage_events").selectAll().where("id", "=", ids[1]!).executeTakeFirstOrThrow();
    expect((await insertUsageEvent(t.db, { ...repeat, id: undefined } as never)).inserted).toBe(false);

    await downThrough0150();
    expect(await t.db.selectFrom("usage_events").select("id").orderBy("occurred_at").execute()).toEqual(ids.map((id) => ({ id })));
    await migrateToLatest(t.db);
  });
});
