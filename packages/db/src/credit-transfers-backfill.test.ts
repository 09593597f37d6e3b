import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrateDown, migrateToLatest } from "./migrate.js";
import { migrations } from "./migrations/index.js";
import { insertUsageEvent } from "./repositories/usage-events.js";
import { createEmptyTestDb, insertTestCustomer, usageEventFixture, type TestDb } from "./testing/index.js";

describe("migration 0190 queues the credits granted before it", () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createEmptyTestDb();
  });
  afterAll(() => t.destroy());

  it("each credit of a cent or more, rounded toward zero; usage and smaller credits are left alone", async () => {
    await migrateToLatest(t.db);
    const customerId = await insertTestCustomer(t.db);
    const credit = (costMicros: number, note: string | null) =>
      insertUsageEvent(t.db, usageEventFixture(customerId, { kind: "credit", status: "adjustment", cost_micros: costMicros, note, prompt_tokens_sent: 0, prompt_tokens_effective: 0, completion_tokens: 0 }));
    const big = await credit(-12_345_678, "outage");
    await credit(-5_000, "half a cent");
    const unnamed = await credit(-10_000, null);
    await insertUsageEvent(t.db, usageEventFixture(customerId));
    // As a database upgraded from before 0190 is: the credits are there, no transfers.
    const name = "2026_11_27_0190_credit_transfers";
    expect(Object.keys(migrations)).toContain(name);
    while (!(await migrateDown(t.db)).some((r) => r.migrationName === name));
    await migrateToLatest(t.db);

    const transfers = await t.db.selectFrom("credit_transfers").select(["usage_event_id", "amount_cents", "currency", "description", "status"]).orderBy("amount_cents").execute();
    expect(transfers).toEqual([
      { usage_event_id: big.event.id, amount_cents: -1234, currency: "usd", description: "outage", status: "pending" },
      { usage_event_id: unnamed.event.id, amount_cents: -1, currency: "usd", description: "Credit", status: "pending" },
    ]);
  });
});
