import { useTestDb } from "@meterkit/db/testing";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { Db } from "../db";
import { recordUsage } from "../ledger/record-usage";
import { useEmulator } from "../test/emulator";
import { ledgerTotals, usage } from "../test/fixtures";
import { stripeTotals, syncedCustomers } from "../test/synced";
import { spawnFlushWorker, type WorkerProcess } from "../test/worker-process";

const t = useTestDb({ max: 8 });
const s = useEmulator();

const EVENTS = 10_000;
const CUSTOMERS = 50;
const KILLS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Writes `count` usage events through recordUsage, 8 at a time, spread over the last 10 hours. */
async function writeUsage(db: Db, customers: string[], from: number, count: number): Promise<void> {
  let next = from;
  const end = from + count;
  const lane = async () => {
    while (next < end) {
      const i = next++;
      await recordUsage(db, usage(customers[i % customers.length]!, {
        promptTokensSent: 50 + (i % 400),
        promptTokensEffective: 50 + (i % 400),
        cachedPromptTokens: i % 3 === 0 ? 20 : 0,
        completionTokens: 1 + ((i * 7) % 300),
        reasoningTokens: 0,
        occurredAt: new Date(Date.now() - ((i * 7919) % (10 * 3_600_000))),
      }));
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
}

async function outboxOpen(db: Db): Promise<{ open: number; unreported: number }> {
  const { rows } = await sql<{ open: number; unreported: number }>`
    SELECT (SELECT count(*)::int FROM meter_reports WHERE status IN ('pending', 'failed')) AS open,
           (SELECT count(*)::int FROM usage_events e JOIN meters m ON m.model = e.model
             WHERE CASE m.token_class WHEN 'input' THEN e.billed_input_tokens
                     WHEN 'cached_input' THEN e.billed_cached_input_tokens ELSE e.billed_output_tokens END <> 0
               AND NOT EXISTS (SELECT 1 FROM meter_report_items i WHERE i.usage_event_id = e.id AND i.meter_id = m.id)) AS unreported`.execute(db);
  return rows[0]!;
}

describe("exactly once to Stripe under faults and kill -9", () => {
  it(`${EVENTS} events, ${CUSTOMERS} customers, 10% 5xx, 5% 429, resets after store, worker SIGKILLed ${KILLS} times`, { timeout: 600_000 }, async () => {
    const { customers } = await syncedCustomers(t.db, s.stripe, CUSTOMERS);
    await writeUsage(t.db, customers, 0, EVENTS / 2);
    s.emulator.setFaults({ rate5xx: 0.1, rate429: 0.05, resetAfterStore: 0.05, latencyMs: 2, paths: ["/v1/billing/meter_events"], seed: 42 });

    const env = { DATABASE_URL: t.url, STRIPE_API_BASE: s.emulator.url };
    let worker: WorkerProcess = spawnFlushWorker({ ...env, WORKER_NAME: "kill-target-0" });
    // The second half of the ledger is written while the worker flushes and dies.
    const writing = writeUsage(t.db, customers, EVENTS / 2, EVENTS / 2);
    let kills = 0;
    for (; kills < KILLS; kills++) {
      await worker.started;
      await sleep(200 + Math.floor(Math.random() * 1_200));
      worker.child.kill("SIGKILL");
      expect(await worker.exited).toBe(null);
      worker = spawnFlushWorker({ ...env, WORKER_NAME: `kill-target-${kills + 1}` });
    }
    await writing;

    const deadline = Date.now() + 300_000;
    let state = await outboxOpen(t.db);
    while ((state.open > 0 || state.unreported > 0) && Date.now() < deadline) {
      await sleep(250);
      state = await outboxOpen(t.db);
    }
    worker.child.kill("SIGTERM");
    await worker.exited;
    s.emulator.clearFaults();
    expect(state).toEqual({ open: 0, unreported: 0 });

    // For every customer and meter, Stripe's total equals the ledger's.
    const ledger = await ledgerTotals(t.db);
    expect(ledger.size).toBe(CUSTOMERS * 3);
    expect(await stripeTotals(t.db, s.emulator)).toEqual(ledger);

    // No identifier accepted twice, and every accepted event is exactly one sent outbox row.
    const accepted = s.emulator.meterEvents().filter((e) => e.status === "accepted");
    const identifiers = accepted.map((e) => e.identifier);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    const sent = await sql<{ identifier: string }>`SELECT identifier FROM meter_reports WHERE status = 'sent'`.execute(t.db);
    expect(new Set(identifiers)).toEqual(new Set(sent.rows.map((r) => r.identifier)));

    // Nothing dead-lettered: every failure here was transient.
    const statuses = await sql<{ status: string; n: number; retried: number; max_attempts: number }>`
      SELECT status, count(*)::int AS n, count(*) FILTER (WHERE attempts > 1)::int AS retried, max(attempts)::int AS max_attempts
      FROM meter_reports GROUP BY status`.execute(t.db);
    expect(statuses.rows.map((r) => r.status)).toEqual(["sent"]);

    const stats = s.emulator.stats();
    console.log(
      `kill-9: ${EVENTS} events → ${sent.rows.length} reports; kills ${kills}; ` +
        `Stripe accepted ${stats.meterEvents.accepted}, rejected duplicates ${stats.meterEvents.duplicate}, ` +
        `meter_events calls ${stats.requests["POST /v1/billing/meter_events"]}; reports retried ${statuses.rows[0]!.retried}, max attempts ${statuses.rows[0]!.max_attempts}`,
    );
    expect(stats.meterEvents.duplicate).toBeGreaterThan(0);
  });
});
