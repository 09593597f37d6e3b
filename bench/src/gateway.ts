// Added latency and throughput of the /v1 gateway against the demo model called directly, in
// one run: same prompts, same HTTP client, the demo model at tokensPerSecond: Infinity in its
// own process, the gateway in another (as in production), the load from this one.
import type { Db } from "@meterkit/db";
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { startBenchChild, stopChild } from "./children";
import { percentile } from "./measure";
import { benchAdminUrl, withScratchDatabase } from "./postgres";
import type { BenchModule, BenchRow } from "./types";

const MODEL = "meterkit-demo";
const TARGETS = { addedP50Ms: 2, addedP99Ms: 10, throughputRatio: 0.9 };
const PROMPTS = Array.from({ length: 32 }, (_, i) => `Question ${i}: how are tokens metered and billed?`);

type Side = { p50: number; p99: number; firstP50: number; rps: number };

export interface GatewayBenchRow {
  /** "cap": the plan has a hard cap, so every request also reserves; "no cap": rate limit only. */
  label: string;
  stream: boolean;
  concurrency: number;
  direct: Side;
  gateway: Side;
  addedP50: number;
  addedP99: number;
  throughputRatio: number;
}

type Target = { url: string; key: string };

async function seed(db: Db, hardCapMicros: number | null): Promise<string> {
  const plan = await db
    .insertInto("plans")
    .values({ code: `bench-${randomUUID().slice(0, 6)}`, name: "Bench", hard_cap_micros: hardCapMicros, tokens_per_minute: 2_000_000_000, requests_per_minute: 2_000_000_000 })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("plan_rates")
    .values({ plan_id: plan.id, model: MODEL, version: 1, input_micros_per_mtok: 1_000_000, cached_input_micros_per_mtok: 250_000, output_micros_per_mtok: 4_000_000 })
    .execute();
  const customer = await db
    .insertInto("customers")
    .values({ name: "Bench", email: `bench-${randomUUID()}@example.test`, plan_id: plan.id, subscription_status: "active" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const raw = `mk_live_${randomBytes(32).toString("base64url")}`;
  const hash = createHash("sha256").update(raw).digest("hex");
  await db.insertInto("api_keys").values({ customer_id: customer.id, name: "bench", prefix: raw.slice(0, 14), key_hash: hash }).execute();
  return raw;
}

type Sample = { total: number; first: number };

async function once(target: Target, stream: boolean, i: number): Promise<Sample> {
  const body = {
    model: MODEL,
    messages: [{ role: "user", content: PROMPTS[i % PROMPTS.length] }],
    max_tokens: 50,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  };
  const started = performance.now();
  const response = await fetch(`${target.url}/chat/completions`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  let first = 0;
  let text = "";
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    first ||= performance.now() - started;
    text += decoder.decode(chunk, { stream: true });
  }
  const total = performance.now() - started;
  if (response.status !== 200 || (stream && !text.endsWith("data: [DONE]\n\n"))) {
    throw new Error(`bench request failed: ${response.status} ${text.slice(0, 200)}`);
  }
  return { total, first };
}

type Run = { samples: Sample[]; seconds: number };

async function load(target: Target, stream: boolean, concurrency: number, requests: number): Promise<Run> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) samples.push(await once(target, stream, next++));
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

function summarize(runs: Run[]): Side {
  const totals = runs.flatMap((r) => r.samples.map((s) => s.total)).sort((a, b) => a - b);
  const firsts = runs.flatMap((r) => r.samples.map((s) => s.first)).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  return { p50: percentile(totals, 50), p99: percentile(totals, 99), firstP50: percentile(firsts, 50), rps: totals.length / seconds };
}

/** Direct and gateway runs alternate, so drift of the machine affects both sides alike. */
async function scenario(direct: Target, gateway: Target, label: string, stream: boolean, concurrency: number): Promise<GatewayBenchRow> {
  const requests = concurrency === 1 ? 300 : 1_500;
  await load(direct, stream, concurrency, Math.min(requests, 200));
  await load(gateway, stream, concurrency, Math.min(requests, 200));
  const directRuns: Run[] = [];
  const gatewayRuns: Run[] = [];
  for (let round = 0; round < 2; round++) {
    directRuns.push(await load(direct, stream, concurrency, requests));
    gatewayRuns.push(await load(gateway, stream, concurrency, requests));
  }
  const d = summarize(directRuns);
  const g = summarize(gatewayRuns);
  return { label, stream, concurrency, direct: d, gateway: g, addedP50: g.p50 - d.p50, addedP99: g.p99 - d.p99, throughputRatio: g.rps / d.rps };
}

export async function runGatewayBench(options: { adminUrl: string; log?: (line: string) => void }): Promise<GatewayBenchRow[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  return withScratchDatabase(options.adminUrl, "gateway", 2, async ({ url, db }) => {
    const children: ChildProcess[] = [];
    try {
      // A cap far above what the bench spends makes every request take the reservation path.
      const cappedKey = await seed(db, 1e12);
      const uncappedKey = await seed(db, null);
      const demo = await startBenchChild(["demo"]);
      children.push(demo.child);
      const demoUrl = `http://127.0.0.1:${demo.port}/v1`;
      const gateway = await startBenchChild(["gateway", url, demoUrl]);
      children.push(gateway.child);
      const direct: Target = { url: demoUrl, key: "sk-bench" };
      const capped: Target = { url: `http://127.0.0.1:${gateway.port}/v1`, key: cappedKey };
      const uncapped: Target = { ...capped, key: uncappedKey };

      const rows: GatewayBenchRow[] = [];
      for (const stream of [false, true]) {
        for (const concurrency of [1, 100]) rows.push(await scenario(direct, capped, "cap", stream, concurrency));
      }
      for (const stream of [false, true]) rows.push(await scenario(direct, uncapped, "no cap", stream, 1));
      report(rows, log);
      return rows;
    } finally {
      await Promise.all(children.map(stopChild));
    }
  });
}

function report(rows: GatewayBenchRow[], log: (line: string) => void): void {
  const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);
  const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
  log(`/v1 gateway vs demo model direct (tokensPerSecond: Infinity, 50-token replies, same run)`);
  log(`targets: added p50 <= ${TARGETS.addedP50Ms} ms, added p99 <= ${TARGETS.addedP99Ms} ms, throughput >= ${TARGETS.throughputRatio}x`);
  log("plan    mode    conc  direct p50 gateway p50  added p50         direct p99 gateway p99  added p99          throughput");
  for (const r of rows) {
    const mode = `${r.label.padEnd(7)} ${(r.stream ? "stream" : "json").padEnd(6)}`;
    log(
      `${mode} ${String(r.concurrency).padStart(5)} ${ms(r.direct.p50)} ${ms(r.gateway.p50)} ${ms(r.addedP50)} ${mark(r.addedP50 <= TARGETS.addedP50Ms).padEnd(6)}` +
        ` ${ms(r.direct.p99)} ${ms(r.gateway.p99)} ${ms(r.addedP99)} ${mark(r.addedP99 <= TARGETS.addedP99Ms).padEnd(6)}` +
        ` ${r.throughputRatio.toFixed(2)}x (${r.gateway.rps.toFixed(0)}/${r.direct.rps.toFixed(0)} req/s) ${mark(r.throughputRatio >= TARGETS.throughputRatio)}`,
    );
  }
  const streams = rows.filter((r) => r.stream);
  log(
    "stream time to first byte p50 (direct → gateway): " +
      streams.map((r) => `${r.label} c=${r.concurrency} ${r.direct.firstP50.toFixed(2)} → ${r.gateway.firstP50.toFixed(2)} ms`).join("; "),
  );
  log("(the gateway writes the usage event before `data: [DONE]`, so the last byte waits for the ledger; the first does not)");
}

/** `pnpm bench gateway`: the rows of the results table, one per scenario and target. */
export const gatewayBench: BenchModule = {
  name: "gateway",
  async run(log) {
    const rows = await runGatewayBench({ adminUrl: await benchAdminUrl(), log });
    return rows.flatMap((r): BenchRow[] => {
      const scenario = `${r.stream ? "stream" : "json"}, c=${r.concurrency}, ${r.label}`;
      const rows: BenchRow[] = [
        { metric: `added p50 (${scenario})`, value: `${r.addedP50.toFixed(2)} ms`, target: `≤ ${TARGETS.addedP50Ms} ms`, status: r.addedP50 <= TARGETS.addedP50Ms ? "PASS" : "MISS" },
        { metric: `added p99 (${scenario})`, value: `${r.addedP99.toFixed(2)} ms`, target: `≤ ${TARGETS.addedP99Ms} ms`, status: r.addedP99 <= TARGETS.addedP99Ms ? "PASS" : "MISS" },
      ];
      if (r.concurrency > 1) {
        const ok = r.throughputRatio >= TARGETS.throughputRatio;
        rows.push({ metric: `throughput vs direct (${scenario})`, value: `${r.throughputRatio.toFixed(2)}×`, target: `≥ ${TARGETS.throughputRatio}×`, status: ok ? "PASS" : "MISS" });
      }
      return rows;
    });
  },
};
