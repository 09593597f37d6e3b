import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { recordUsage } from "../ledger/record-usage";
import { insertEventRecordedDaysAgo, markSyncedToStripe, seedCustomers, seedPlan, usage, whileAnotherTransactionHolds } from "../test/fixtures";
import { ENQUEUE_LOCK, enqueueMeterReports } from "./enqueue";
import { sweepLedgerForReports } from "./sweep";

const t = useTestDb();

async function syncedCustomers(count: number, flushPolicy: "immediate" | "batched" = "batched"): Promise<string[]> {
  const planId = await seedPlan(t.db, { flushPolicy });
  const customers = await seedCustomers(t.db, planId, count);
  await markSyncedToStripe(t.db, customers);
  return customers;
}

const itemsOf = async (customers: string[]) =>
  (
    await t.db
      .selectFrom("meter_report_items as i")
      .innerJoin("usage_events as e", "e.id", "i.usage_event_id")
      .where("e.customer_id", "in", customers)
      .select(sql<number>`count(*)::int`.as("n"))
      .executeTakeFirstOrThrow()
  ).n;

it("enqueues what the tick cannot see, in batches until nothing due is left, and leaves the tick's events to it", async () => {
  const customers = await syncedCustomers(3);
  // A worker outage 40 days ago: 7 events x 2 meters (input, output) = 14 pairs, in batches of 4.
  for (let i = 0; i < 7; i++) await insertEventRecordedDaysAgo(t.db, customers[i % 3]!, 40);
  await recordUsage(t.db, usage(customers[0]!));
  const swept = await sweepLedgerForReports(t.db, { batch: 4 });
  expect(swept.items).toBe(14);
  expect(await itemsOf(customers)).toBe(14);
  expect(await sweepLedgerForReports(t.db, { batch: 4 })).toEqual({ reports: 0, items: 0 });
  // The event of a moment ago is the tick's.
  await enqueueMeterReports(t.db, { scan: "recent" });
  expect(await itemsOf(customers)).toBe(14 + 3);
});

it("keeps to each plan's flush policy: a batched customer with a fresh report waits, unless its events waited an interval", async () => {
  const [customer] = await syncedCustomers(1);
  await recordUsage(t.db, usage(customer!));
  await enqueueMeterReports(t.db, { scan: "recent" });
  const before = await itemsOf([customer!]);
  // Older than the tick's window, so long overdue: due despite the report of a moment ago.
  await insertEventRecordedDaysAgo(t.db, customer!, 3);
  await sweepLedgerForReports(t.db);
  expect(await itemsOf([customer!])).toBe(before + 2);
});

it("takes no lock that a tick or an immediate flush waits on, and one that holds it does not stop it", async () => {
  const [customer] = await syncedCustomers(1);
  await insertEventRecordedDaysAgo(t.db, customer!, 30);
  // What a whole-ledger enqueue holds while it runs.
  const swept = await whileAnotherTransactionHolds(
    t.url,
    (trx) => sql`SELECT pg_advisory_xact_lock(${ENQUEUE_LOCK}, 0)`.execute(trx),
    () => sweepLedgerForReports(t.db),
  );
  expect(swept.items).toBe(2);
});

it("stops between batches once its signal aborts", async () => {
  const customers = await syncedCustomers(2);
  for (let i = 0; i < 4; i++) await insertEventRecordedDaysAgo(t.db, customers[i % 2]!, 20);
  const stop = new AbortController();
  stop.abort();
  const swept = await sweepLedgerForReports(t.db, { batch: 3, signal: stop.signal });
  expect(swept.items).toBe(3);
});
