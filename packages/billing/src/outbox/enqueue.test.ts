import { createDb } from "@meterkit/db";
import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { recordAdjustment } from "../ledger/record-adjustment";
import { recordUsage } from "../ledger/record-usage";
import { insertEventRecordedDaysAgo, ledgerTotals, markSyncedToStripe, MODEL, seedCustomers, seedPlan, usage, whileAnotherTransactionHolds } from "../test/fixtures";
import { enqueueMeterReports } from "./enqueue";

const t = useTestDb({ max: 4 });

describe("enqueueMeterReports", () => {
  it("marks every (event, meter) exactly once when many enqueuers race", async () => {
    const planId = await seedPlan(t.db);
    const customers = await seedCustomers(t.db, planId, 5);
    await markSyncedToStripe(t.db, customers);

    const enqueuers = Array.from({ length: 4 }, () => createDb(t.url, { max: 1 }));
    let writing = true;
    const racing = enqueuers.map(async (db) => {
      let reports = 0;
      while (writing) reports += (await enqueueMeterReports(db, { limit: 150 })).reports;
      return reports;
    });
    for (let i = 0; i < 600; i++) await recordUsage(t.db, usage(customers[i % customers.length]!, { completionTokens: 1 + (i % 7) }));
    writing = false;
    await Promise.all(racing);
    await enqueueMeterReports(t.db);
    await Promise.all(enqueuers.map((db) => db.destroy()));

    const items = await sql<{ n: number; distinct_pairs: number }>`
      SELECT count(*)::int AS n, count(DISTINCT (usage_event_id, meter_id))::int AS distinct_pairs FROM meter_report_items`.execute(t.db);
    expect(items.rows[0]!.n).toBe(items.rows[0]!.distinct_pairs);
    expect(items.rows[0]!.n).toBe(600 * 3);

    // Each report's value is the sum of its items, and the reports add up to the ledger.
    const mismatched = await sql<{ id: string }>`
      SELECT r.id FROM meter_reports r JOIN meter_report_items i ON i.report_id = r.id
      GROUP BY r.id, r.value HAVING r.value <> sum(i.value)`.execute(t.db);
    expect(mismatched.rows).toHaveLength(0);
    const reported = await sql<{ customer_id: string; meter_id: string; total: number }>`
      SELECT customer_id, meter_id, sum(value)::bigint AS total FROM meter_reports GROUP BY 1, 2`.execute(t.db);
    const ledger = await ledgerTotals(t.db);
    expect(new Map(reported.rows.map((r) => [`${r.customer_id}|${r.meter_id}`, Number(r.total)]))).toEqual(ledger);
  });

  it("leaves customers without a Stripe id and unsynced meters for later", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    await recordUsage(t.db, usage(customerId!));
    const before = await t.db.selectFrom("meter_report_items").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    await enqueueMeterReports(t.db, { customerId });
    const after = await t.db.selectFrom("meter_report_items").select(sql<number>`count(*)::int`.as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("does not skip an event that another transaction references (a foreign key check's lock)", async () => {
    const planId = await seedPlan(t.db);
    const [customerId] = await seedCustomers(t.db, planId, 1);
    await markSyncedToStripe(t.db, [customerId!]);
    const event = await recordUsage(t.db, usage(customerId!));
    // What inserting a chat message with this usage_event_id holds until it commits.
    const enqueued = await whileAnotherTransactionHolds(
      t.url,
      (trx) => sql`SELECT 1 FROM usage_events WHERE id = ${event.id} FOR KEY SHARE`.execute(trx),
      () => enqueueMeterReports(t.db, { customerId: customerId! }),
    );
    expect(enqueued.items).toBeGreaterThan(0);
  });
});

describe("enqueueMeterReports with scan: 'recent'", () => {
  const DAY = 24 * 60 * 60_000;

  async function syncedCustomer(flushIntervalSeconds = 3600): Promise<string> {
    const planId = await seedPlan(t.db, { flushIntervalSeconds });
    const [customerId] = await seedCustomers(t.db, planId, 1);
    await markSyncedToStripe(t.db, [customerId!]);
    return customerId!;
  }

  const eventRecordedDaysAgo = (customerId: string, daysAgo: number) => insertEventRecordedDaysAgo(t.db, customerId, daysAgo);

  /** The events of these customers that are marked reported (the file's other tests share the database). */
  async function reportedEvents(...customerIds: string[]): Promise<Set<string>> {
    const rows = await t.db
      .selectFrom("meter_report_items as i")
      .innerJoin("meter_reports as r", "r.id", "i.report_id")
      .where("r.customer_id", "in", customerIds)
      .select("i.usage_event_id")
      .distinct()
      .execute();
    return new Set(rows.map((r) => r.usage_event_id));
  }

  it("finds what was recorded lately and leaves older events to the sweep's scan of the rest", async () => {
    const customerId = await syncedCustomer();
    const fresh = await recordUsage(t.db, usage(customerId));
    const old = await eventRecordedDaysAgo(customerId, 40);

    await enqueueMeterReports(t.db, { scan: "recent" });
    expect(await reportedEvents(customerId)).toEqual(new Set([fresh.id]));
    // The worker's sweep: the rest of the ledger.
    await enqueueMeterReports(t.db, { scan: "older" });
    expect(await reportedEvents(customerId)).toEqual(new Set([fresh.id, old]));
  });

  it("for the tick, an adjustment recorded today for a moment weeks ago is recent", async () => {
    const customerId = await syncedCustomer();
    const adjustment = await recordAdjustment(t.db, {
      requestId: `adj_${customerId}`,
      customerId,
      kind: "adjustment",
      model: MODEL,
      tokens: { input: 100 },
      note: "repair of a past period",
      occurredAt: new Date(Date.now() - 20 * DAY),
    });
    // An immediate flush looks at the customer's events by when they occurred: not this one.
    await enqueueMeterReports(t.db, { customerId, scan: "recent" });
    expect(await reportedEvents(customerId)).toEqual(new Set());
    // The tick looks by when they were recorded.
    await enqueueMeterReports(t.db, { scan: "recent" });
    expect(await reportedEvents(customerId)).toEqual(new Set([adjustment.id]));
  });

  it("an immediate flush finds its customer's event of a moment ago, and no other customer's", async () => {
    const customerId = await syncedCustomer();
    const other = await syncedCustomer();
    const mine = await recordUsage(t.db, usage(customerId));
    await recordUsage(t.db, usage(other));
    await eventRecordedDaysAgo(customerId, 3);
    await enqueueMeterReports(t.db, { customerId, scan: "recent" });
    expect(await reportedEvents(customerId, other)).toEqual(new Set([mine.id]));
  });

  it("looks back twice the longest flush interval of any plan, plus a day", async () => {
    // A plan reporting every 5 days: its events may wait 5 days for their report.
    const customerId = await syncedCustomer(5 * 24 * 3600);
    const waiting = await eventRecordedDaysAgo(customerId, 10);
    const older = await eventRecordedDaysAgo(customerId, 12);
    await enqueueMeterReports(t.db, { scan: "recent" });
    expect(await reportedEvents(customerId)).toEqual(new Set([waiting]));
    await enqueueMeterReports(t.db, { scan: "older" });
    expect(await reportedEvents(customerId)).toEqual(new Set([waiting, older]));
  });

  it("a batched plan: events that waited a whole interval are due even after a batch the limit cut short", async () => {
    const customerId = await syncedCustomer(3600);
    // A backlog from two hours ago (a worker outage), and one event of a moment ago.
    const backlog = [await eventRecordedDaysAgo(customerId, 2 / 24), await eventRecordedDaysAgo(customerId, 2.1 / 24), await eventRecordedDaysAgo(customerId, 2.2 / 24)];
    const fresh = await recordUsage(t.db, usage(customerId));
    // Each backlog event has two meters (input, output); the limit lets one event through.
    await enqueueMeterReports(t.db, { respectFlushPolicy: true, scan: "recent", limit: 2 });
    expect((await reportedEvents(customerId)).size).toBe(1);
    // The customer now has a report from this interval, yet the rest of the backlog goes at once.
    await enqueueMeterReports(t.db, { respectFlushPolicy: true, scan: "recent" });
    expect(await reportedEvents(customerId)).toEqual(new Set(backlog));
    // The fresh event waits for the customer's next interval, as batched events do.
    expect((await reportedEvents(customerId)).has(fresh.id)).toBe(false);
  });

  it("a batched plan does not wait for its batch at the end of a billing period", async () => {
    // A day-long batch interval: without the period end, these events would wait a day.
    const [ending, ended, midPeriod] = [await syncedCustomer(86_400), await syncedCustomer(86_400), await syncedCustomer(86_400)];
    const minute = 60_000;
    await t.db.updateTable("customers").set({ current_period_start: new Date(Date.now() - 20 * DAY), current_period_end: new Date(Date.now() + 5 * minute) }).where("id", "=", ending).execute();
    // Renewed moments ago: an event from the last minutes of the old period goes at once.
    await t.db.updateTable("customers").set({ current_period_start: new Date(Date.now() - 2 * minute), current_period_end: new Date(Date.now() + 30 * DAY) }).where("id", "=", ended).execute();
    await t.db.updateTable("customers").set({ current_period_start: new Date(Date.now() - 10 * DAY), current_period_end: new Date(Date.now() + 20 * DAY) }).where("id", "=", midPeriod).execute();
    // Each customer has a report from this interval already, so only the period end can make these due.
    for (const customerId of [ending, ended, midPeriod]) {
      await recordUsage(t.db, usage(customerId, { occurredAt: new Date(Date.now() - 30 * minute) }));
      await enqueueMeterReports(t.db, { customerId });
    }
    const late = {
      ending: await recordUsage(t.db, usage(ending)),
      ended: await recordUsage(t.db, usage(ended, { occurredAt: new Date(Date.now() - 3 * minute) })),
      midPeriod: await recordUsage(t.db, usage(midPeriod)),
    };
    await enqueueMeterReports(t.db, { respectFlushPolicy: true, scan: "recent" });
    const reported = await reportedEvents(ending, ended, midPeriod);
    expect(reported.has(late.ending.id)).toBe(true);
    expect(reported.has(late.ended.id)).toBe(true);
    expect(reported.has(late.midPeriod.id)).toBe(false);
  });

  it("splits the hour a billing period begins at its start, so no tokens are invoiced in the next period", async () => {
    const customerId = await syncedCustomer();
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 2 * 3_600_000;
    const periodStart = new Date(hour + 30 * 60_000);
    await t.db.updateTable("customers").set({ current_period_start: periodStart }).where("id", "=", customerId).execute();
    await recordUsage(t.db, usage(customerId, { occurredAt: new Date(hour + 20 * 60_000) }));
    await recordUsage(t.db, usage(customerId, { occurredAt: new Date(hour + 40 * 60_000) }));
    await enqueueMeterReports(t.db, { customerId });

    const reports = await t.db.selectFrom("meter_reports").select(["meter_id", "event_timestamp"]).where("customer_id", "=", customerId).execute();
    const meters = new Set(reports.map((r) => r.meter_id));
    // Each meter: one report stamped before the period began, one after.
    expect(reports).toHaveLength(2 * meters.size);
    for (const meter of meters) {
      const stamps = reports.filter((r) => r.meter_id === meter).map((r) => new Date(r.event_timestamp).getTime()).sort();
      expect(stamps).toEqual([hour + 20 * 60_000, hour + 40 * 60_000]);
    }
  });
});
