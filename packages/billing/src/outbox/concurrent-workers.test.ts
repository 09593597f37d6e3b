import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { recordUsage } from "../ledger/record-usage";
import { useEmulator } from "../test/emulator";
import { ledgerTotals, usage } from "../test/fixtures";
import { stripeTotals, syncedCustomers } from "../test/synced";
import { spawnFlushWorker } from "../test/worker-process";

const t = useTestDb({ max: 6 });
const s = useEmulator();

describe("three worker processes at once", () => {
  it("never send the same report twice", { timeout: 300_000 }, async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, 20);
    const env = { DATABASE_URL: t.url, STRIPE_API_BASE: s.emulator.url };
    // Latency but no faults: any duplicate identifier Stripe sees can only come from a double send.
    s.emulator.setFaults({ latencyMs: 5, paths: ["/v1/billing/meter_events"] });
    const workers = [0, 1, 2].map((i) => spawnFlushWorker({ ...env, WORKER_NAME: `concurrent-${i}` }));
    await Promise.all(workers.map((w) => w.started));

    for (let wave = 0; wave < 10; wave++) {
      await Promise.all(
        customers.map((c, i) => recordUsage(t.db, usage(c, { completionTokens: 1 + wave + i, occurredAt: new Date(Date.now() - wave * 3_600_000) }))),
      );
      await new Promise((r) => setTimeout(r, 100));
    }
    for (let i = 0; i < 600; i++) {
      const { rows } = await sql<{ n: number }>`
        SELECT (SELECT count(*) FROM meter_reports WHERE status <> 'sent')::int
             + (SELECT count(*) FROM usage_events e WHERE NOT EXISTS (SELECT 1 FROM meter_report_items i WHERE i.usage_event_id = e.id))::int AS n`.execute(t.db);
      if (rows[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    for (const w of workers) w.child.kill("SIGTERM");
    await Promise.all(workers.map((w) => w.exited));
    s.emulator.clearFaults();

    expect(s.emulator.stats().meterEvents.duplicate).toBe(0);
    expect(await stripeTotals(t.db, s.emulator)).toEqual(await ledgerTotals(t.db));
    const reports = await sql<{ n: number }>`SELECT count(*)::int AS n FROM meter_reports WHERE status = 'sent'`.execute(t.db);
    expect(s.emulator.stats().meterEvents.accepted).toBe(reports.rows[0]!.n);
    expect(workers.every((w) => w.cycles > 0)).toBe(true);
  });
});
