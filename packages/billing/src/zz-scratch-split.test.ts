import { useTestDb } from "@meterkit/db/testing";
import { describe, it } from "vitest";
import { recordUsage } from "./ledger/record-usage";
import { enqueueMeterReports } from "./outbox/enqueue";
import { markSyncedToStripe, seedCustomers, seedPlan, usage } from "./test/fixtures";

const t = useTestDb();
const MIN = 60_000;
describe("scratch split", () => {
  it("period start inside the hour: split depends on customers.current_period_start being synced before the enqueue", async () => {
    const planId = await seedPlan(t.db);
    const [fresh, stale] = await seedCustomers(t.db, planId, 2);
    await markSyncedToStripe(t.db, [fresh!, stale!]);
    const now = Date.now();
    const periodStart = new Date(now - 5 * MIN);
    // fresh: webhook already synced the new period; stale: the row still holds last month's period
    await t.db.updateTable("customers").set({ current_period_start: periodStart }).where("id", "=", fresh!).execute();
    await t.db.updateTable("customers").set({ current_period_start: new Date(periodStart.getTime() - 30 * 24 * 60 * MIN) }).where("id", "=", stale!).execute();
    for (const c of [fresh!, stale!]) {
      await recordUsage(t.db, usage(c, { occurredAt: new Date(now - 10 * MIN), startedAt: new Date(now - 10 * MIN) }));
      await recordUsage(t.db, usage(c, { occurredAt: new Date(now - 1 * MIN), startedAt: new Date(now - 1 * MIN) }));
    }
    await enqueueMeterReports(t.db);
    const rows = await t.db.selectFrom("meter_reports as r").innerJoin("meters as m", "m.id", "r.meter_id").select(["r.customer_id", "r.value", "r.event_timestamp"]).where("m.token_class", "=", "output").execute();
    console.log(JSON.stringify({ periodStart, fresh: rows.filter((r) => r.customer_id === fresh), stale: rows.filter((r) => r.customer_id === stale) }, null, 1));
  });
});
