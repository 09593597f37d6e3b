// What finding unreported usage costs as the ledger grows: the worker's enqueue tick and a
// customer's immediate flush, each with scan "ledger" (every event ever recorded) and with scan
// "recent" (what the worker and the immediate flush use, decision 060), side by side on the same
// ledger in alternating rounds. Every round records a few new events first, so both sides find
// and enqueue real work, not only an empty scan.
import { enqueueMeterReports, type EnqueueOptions } from "@meterkit/billing";
import type { Db } from "@meterkit/db";
import { sql } from "kysely";
import { median } from "./measure";
import { benchAdminUrl, withScratchDatabase } from "./postgres";
import type { BenchModule, BenchRow } from "./types";

const MODEL = "bench-model";
const CUSTOMERS = 100;
/** A year of history, all of it already reported: a modest production ledger (BENCH_LEDGER_EVENTS to change). */
const EVENTS = Number(process.env.BENCH_LEDGER_EVENTS ?? 300_000);
const ROUNDS = 7;
const NEW_EVENTS_PER_ROUND = 20;

async function seedLedger(db: Db): Promise<string[]> {
  await sql`INSERT INTO plans (code, name, tokens_per_minute, requests_per_minute) VALUES ('bench', 'Bench', 1000000, 1000)`.execute(db);
  await sql`INSERT INTO customers (name, email, plan_id, subscription_status, stripe_customer_id)
    SELECT 'Customer ' || g, 'c' || g || '@bench.test', (SELECT id FROM plans), 'active', 'cus_bench_' || g
    FROM generate_series(1, ${CUSTOMERS}::int) g`.execute(db);
  await sql`INSERT INTO meters (model, token_class, event_name, stripe_meter_id)
    VALUES (${MODEL}, 'input', 'bench_input', 'mtr_in'), (${MODEL}, 'output', 'bench_output', 'mtr_out')`.execute(db);
  await sql`SELECT ensure_usage_event_partitions(now() - interval '13 months', 16)`.execute(db);
  // Spread over the last year, oldest first, as a ledger fills.
  await sql`INSERT INTO usage_events (request_id, customer_id, model, kind, status, prompt_tokens_sent, prompt_tokens_effective,
      completion_tokens, billed_input_tokens, billed_output_tokens, cost_micros, count_source, started_at, occurred_at, created_at)
    SELECT 'bench_' || g, c.ids[1 + g % ${CUSTOMERS}::int], ${MODEL}, 'usage', 'completed', 100, 100, 50, 100, 50, 300, 'local', at, at, at
    FROM (SELECT array_agg(id ORDER BY id) AS ids FROM customers) c,
         LATERAL (SELECT g, now() - interval '365 days' * (1 - g::float8 / ${EVENTS}::float8) - interval '2 days' AS at
                  FROM generate_series(1, ${EVENTS}::int) g) s`.execute(db);
  // Reported already: one sent report per (customer, meter) holding all of its items.
  await sql`INSERT INTO meter_reports (identifier, customer_id, meter_id, value, status, event_timestamp, sent_at)
    SELECT 'bench_' || c.id || '_' || m.id, c.id, m.id, 1, 'sent', now(), now() FROM customers c CROSS JOIN meters m`.execute(db);
  await sql`INSERT INTO meter_report_items (report_id, usage_event_id, meter_id, value)
    SELECT r.id, e.id, m.id, CASE m.token_class WHEN 'input' THEN e.billed_input_tokens ELSE e.billed_output_tokens END
    FROM usage_events e JOIN meters m ON m.model = e.model
    JOIN meter_reports r ON r.customer_id = e.customer_id AND r.meter_id = m.id`.execute(db);
  await sql`VACUUM ANALYZE`.execute(db);
  const { rows } = await sql<{ id: string }>`SELECT id FROM customers ORDER BY id`.execute(db);
  return rows.map((r) => r.id);
}

async function recordNew(db: Db, customerIds: string[]): Promise<void> {
  await sql`INSERT INTO usage_events (request_id, customer_id, model, kind, status, prompt_tokens_sent, prompt_tokens_effective,
      completion_tokens, billed_input_tokens, billed_output_tokens, cost_micros, count_source, started_at, occurred_at)
    SELECT 'bench_new_' || gen_random_uuid(), ids[1 + g % array_length(ids, 1)], ${MODEL}, 'usage', 'completed', 100, 100, 50, 100, 50, 300, 'local', now(), now()
    FROM (SELECT ${customerIds}::uuid[] AS ids) c, generate_series(1, ${NEW_EVENTS_PER_ROUND}::int) g`.execute(db);
}

type Timing = { ms: number; items: number };

async function timed(db: Db, options: EnqueueOptions): Promise<Timing> {
  const started = performance.now();
  const { items } = await enqueueMeterReports(db, options);
  return { ms: performance.now() - started, items };
}

export type LedgerScanRow = { what: string; ledgerMs: number; recentMs: number; ratio: number; itemsPerRound: number };

export async function runLedgerScanBench(log: (line: string) => void): Promise<LedgerScanRow[]> {
  return withScratchDatabase(await benchAdminUrl(), "ledger_scan", 2, async ({ db }) => {
    const seedStarted = performance.now();
    const customers = await seedLedger(db);
    log(`ledger: ${EVENTS.toLocaleString("en")} reported events over a year, ${CUSTOMERS} customers (seeded in ${((performance.now() - seedStarted) / 1000).toFixed(0)} s)`);
    const one = customers[0]!;
    const cases: Array<{ what: string; options: EnqueueOptions; newFor: string[] }> = [
      // The tick's scan without its flush policy: events of a moment ago would not be due yet,
      // and each round is to find and enqueue its new events.
      { what: "worker tick (every customer)", options: { respectFlushPolicy: false }, newFor: customers },
      { what: "immediate flush (one customer)", options: { customerId: one }, newFor: [one] },
    ];
    const rows: LedgerScanRow[] = [];
    for (const c of cases) {
      const times = { ledger: [] as number[], recent: [] as number[] };
      let items = 0;
      for (let round = 0; round < ROUNDS + 1; round++) {
        const order = round % 2 === 0 ? (["ledger", "recent"] as const) : (["recent", "ledger"] as const);
        for (const scan of order) {
          await recordNew(db, c.newFor);
          const t = await timed(db, { ...c.options, scan });
          // Round 0 warms both sides up (caches, plans) and is not counted.
          if (round > 0) times[scan].push(t.ms);
          items = t.items;
        }
      }
      const ledgerMs = median(times.ledger);
      const recentMs = median(times.recent);
      rows.push({ what: c.what, ledgerMs, recentMs, ratio: ledgerMs / recentMs, itemsPerRound: items });
      log(`${c.what}: whole ledger ${ledgerMs.toFixed(1)} ms, recent ${recentMs.toFixed(1)} ms per enqueue (median of ${ROUNDS} rounds, ${items} items each): ${(ledgerMs / recentMs).toFixed(0)}x`);
    }
    return rows;
  });
}

/** `pnpm bench ledger-scan`. */
export const ledgerScanBench: BenchModule = {
  name: "ledger-scan",
  async run(log) {
    const rows = await runLedgerScanBench(log);
    return rows.map((r): BenchRow => ({
      metric: `${r.what}: enqueue time, whole ledger / recent (${EVENTS.toLocaleString("en")} events)`,
      value: `${r.ledgerMs.toFixed(1)} / ${r.recentMs.toFixed(1)} ms = ${r.ratio.toFixed(0)}×`,
    }));
  },
};
