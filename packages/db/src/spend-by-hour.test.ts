import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { insertUsageEvent } from "./repositories/usage-events.js";
import { insertTestCustomer, usageEventFixture, useTestDb } from "./testing/index.js";

// The hourly spend projection (migration 0090) must always equal the ledger it is kept from:
// a spending limit checked against a wrong total either overspends or refuses paid-for requests.

const t = useTestDb();
let customerId: string;
let otherCustomerId: string;
const base = Date.parse("2026-11-01T00:00:00Z");
const minute = 60_000;

async function ledgerSpendSince(customer: string, since: Date): Promise<number> {
  const row = await t.db
    .selectFrom("usage_events")
    .select((eb) => eb.fn.coalesce(eb.fn.sum<number>("cost_micros"), eb.lit(0)).as("spent"))
    .where("customer_id", "=", customer)
    .where("occurred_at", ">=", since)
    .executeTakeFirstOrThrow();
  return Number(row.spent);
}

async function projectedSpendSince(customer: string, since: Date): Promise<number> {
  const { rows } = await sql<{ spent: number }>`SELECT customer_spend_since(${customer}::uuid, ${since}::timestamptz) AS spent`.execute(t.db);
  return Number(rows[0]!.spent);
}

beforeAll(async () => {
  customerId = await insertTestCustomer(t.db);
  otherCustomerId = await insertTestCustomer(t.db, "Other");
  // Events over three days at uneven minutes, including hour boundaries exactly, adjustments
  // with negative cost, and another customer whose spend must never leak in.
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (let i = 0; i < 300; i++) {
    const at = new Date(base + Math.floor(random() * 3 * 24 * 60) * minute + (i % 5 === 0 ? 0 : Math.floor(random() * minute)));
    const cost = Math.floor(random() * 5_000);
    const event =
      i % 17 === 0
        ? usageEventFixture(customerId, { kind: "adjustment", status: "adjustment", completion_tokens: -1, billed_output_tokens: -1, cost_micros: -cost, occurred_at: at, started_at: at })
        : usageEventFixture(i % 4 === 0 ? otherCustomerId : customerId, { cost_micros: cost, occurred_at: at, started_at: at });
    await insertUsageEvent(t.db, event);
  }
});

describe("customer_spend_since", () => {
  it("equals the ledger's sum from any moment: before, inside and after the events, on and off hour boundaries", async () => {
    const moments = [
      new Date(base - 24 * 60 * minute),
      new Date(base),
      new Date(base + 60 * minute),
      new Date(base + 90 * minute + 1234),
      new Date(base + 25 * 60 * minute - 1),
      new Date(base + 47 * 60 * minute + 59 * minute + 59_999),
      new Date(base + 71 * 60 * minute + 30 * minute),
      new Date(base + 10 * 24 * 60 * minute),
    ];
    for (const since of moments) {
      for (const customer of [customerId, otherCustomerId]) {
        expect(await projectedSpendSince(customer, since), since.toISOString()).toBe(await ledgerSpendSince(customer, since));
      }
    }
  });

  it("keeps UTC hours whatever the session's time zone (a half-hour zone would split them otherwise)", async () => {
    const since = new Date(base + 5 * 60 * minute + 15 * minute);
    const at = new Date(base + 6 * 60 * minute + 10 * minute);
    const spent = await t.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL TIME ZONE 'Asia/Kolkata'`.execute(trx);
      await insertUsageEvent(trx, usageEventFixture(customerId, { cost_micros: 777, occurred_at: at, started_at: at }));
      const { rows } = await sql<{ spent: number }>`SELECT customer_spend_since(${customerId}::uuid, ${since}::timestamptz) AS spent`.execute(trx);
      return Number(rows[0]!.spent);
    });
    expect(spent).toBe(await ledgerSpendSince(customerId, since));
    const hours = await t.db.selectFrom("customer_spend_hourly").select("hour").where("customer_id", "=", customerId).execute();
    for (const { hour } of hours) expect(hour.getTime() % (60 * minute)).toBe(0);
  });

  it("holds one row per customer and hour whose totals are the ledger's", async () => {
    const { rows: drift } = await sql<{ customer_id: string }>`
      SELECT coalesce(p.customer_id, l.customer_id) AS customer_id
      FROM customer_spend_hourly p
      FULL JOIN (
        SELECT customer_id, date_trunc('hour', occurred_at, 'UTC') AS hour, sum(cost_micros) AS cost, count(*) AS events
        FROM usage_events GROUP BY 1, 2
      ) l ON l.customer_id = p.customer_id AND l.hour = p.hour
      WHERE p.cost_micros IS DISTINCT FROM l.cost OR p.events IS DISTINCT FROM l.events
    `.execute(t.db);
    expect(drift).toEqual([]);
  });

  it("does not count a retried ledger write twice (the duplicate request id inserts nothing)", async () => {
    const since = new Date(base);
    const before = await projectedSpendSince(customerId, since);
    const event = usageEventFixture(customerId, { cost_micros: 1_000, occurred_at: new Date(base + minute), started_at: new Date(base) });
    await insertUsageEvent(t.db, event);
    await insertUsageEvent(t.db, event);
    expect(await projectedSpendSince(customerId, since)).toBe(before + 1_000);
    expect(await projectedSpendSince(customerId, since)).toBe(await ledgerSpendSince(customerId, since));
  });
});
