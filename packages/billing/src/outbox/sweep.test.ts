import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { expect, it } from "vitest";
import { recordUsage } from "../ledger/record-usage";
import { markSyncedToStripe, seedCustomers, seedPlan, usage } from "../test/fixtures";
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

it("enqueues the whole ledger in batches until nothing due is left", async () => {
  const customers = await syncedCustomers(3);
  for (let i = 0; i < 7; i++) await recordUsage(t.db, usage(customers[i % 3]!));
  // 7 events x 3 meters (input, cached input, output) = 21 pairs, in batches of 4. (Everything
  // is due: on a batched plan, events of a moment ago that a batch cut off wait for the
  // customer's next interval, since the customer now has a fresh report.)
  const swept = await sweepLedgerForReports(t.db, { batch: 4, respectFlushPolicy: false });
  expect(swept.items).toBe(21);
  expect(await itemsOf(customers)).toBe(21);
  expect(await sweepLedgerForReports(t.db, { batch: 4, respectFlushPolicy: false })).toEqual({ reports: 0, items: 0 });
});

it("keeps to each plan's flush policy: an immediate plan's event of a moment ago is its request's to send", async () => {
  const [customer] = await syncedCustomers(1, "immediate");
  await recordUsage(t.db, usage(customer!));
  await sweepLedgerForReports(t.db);
  expect(await itemsOf([customer!])).toBe(0);
});

it("stops between batches once its signal aborts", async () => {
  const customers = await syncedCustomers(2);
  for (let i = 0; i < 4; i++) await recordUsage(t.db, usage(customers[i % 2]!));
  const stop = new AbortController();
  stop.abort();
  const swept = await sweepLedgerForReports(t.db, { batch: 3, respectFlushPolicy: false, signal: stop.signal });
  expect(swept.items).toBe(3);
});
