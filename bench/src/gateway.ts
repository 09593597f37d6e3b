// Added latency and throughput of the /v1 gateway against the demo model called directly, in
// one run: same prompts, same HTTP client, the demo model in its own process, the gateway in
// another (as in production), the load from this one.
//
// Two paces of the model, for two questions:
// - unpaced (tokensPerSecond: Infinity), concurrency 1: the gateway's whole overhead with no
//   model time to hide it. Added p50/p99 are judged here (pacing would only add the same model
//   time to both sides, and far fewer requests would fit in the run).
// - paced like a hosted model (the demo's default: 150 ms to the first token, then 50 tokens/s),
//   concurrency 100: what 100 callers in flight gain or lose through the gateway. Added latency
//   and throughput are judged here.
// - unpaced, concurrency 100, printed without a target: both sides only burn CPU on a two-core
//   machine, so the ratio compares the gateway's CPU per request with the model's own.
import type { Db } from "@meterkit/db";
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { startBenchChild, stopChild } from "./children";
import { percentile } from "./measure";
import { cpuOfProcesses, machineBusyMs, postgresCpuBetween, postgresCpuByPid } from "./process-cpu";
import { benchAdminUrl, withScratchDatabase } from "./postgres";
import type { BenchModule, BenchRow } from "./types";

const MODEL = "meterkit-demo";
const TARGETS = { addedP50Ms: 2, addedP99Ms: 10, throughputRatio: 0.9 };
const PROMPTS = Array.from({ length: 32 }, (_, i) => `Question ${i}: how are tokens metered and billed?`);

type Side = {
  p50: number;
  p99: number;
  firstP50: number;
  rps: number;
  cpuMsPerRequest: number | null;
  /** The whole machine's busy time per request (every core, every process, the kernel). */
  machineMsPerRequest: number | null;
  postgresMsPerRequest: number | null;
};

/** The demo model's default pace (packages/llm devPacing), like a hosted model. */
const HOSTED_PACE = { tokensPerSecond: 50, firstTokenLatencyMs: 150 };
/** One 50-token reply at that pace: client starts are spread over it. */
const HOSTED_REPLY_MS = HOSTED_PACE.firstTokenLatencyMs + (50 * 1000) / HOSTED_PACE.tokensPerSecond;

export interface GatewayBenchRow {
  /** "cap": the plan has a hard cap, so every request also reserves; "no cap": rate limit only. */
  label: string;
  pace: "hosted" | "unpaced";
  /** false: printed for information (unpaced at concurrency 100 measures CPU, not a caller's wait). */
  judged: boolean;
  stream: boolean;
  concurrency: number;
  direct: Side;
  gateway: Side;
  addedP50: number;
  addedP99: number;
  throughputRatio: number;
  /** A bare relay in the gateway's place (judged rows only): what one more process and hop cost alone. */
  relay: { side: Side; addedP50: number; addedP99: number } | null;
}

/** Where requests go, and the processes whose CPU time a request of that side costs. */
type Target = { url: string; key: string; pids: Array<number | undefined> };

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

type Run = { samples: Sample[]; seconds: number; cpuMs: number | null; machineMs: number | null; postgresMs: number | null };

async function load(target: Target, stream: boolean, concurrency: number, requests: number, spreadMs: number): Promise<Run> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  const machineBefore = machineBusyMs();
  const postgresBefore = postgresCpuByPid();
  const { cpuMs } = await cpuOfProcesses(target.pids, () =>
    Promise.all(
      Array.from({ length: concurrency }, async (_, client) => {
        // Paced replies take a while: clients that start together would finish together and
        // leave the gateway idle in between, unlike real traffic.
        if (spreadMs > 0) await new Promise((resolve) => setTimeout(resolve, (client * spreadMs) / concurrency));
        while (next < requests) samples.push(await once(target, stream, next++));
      }),
    ),
  );
  const machineAfter = machineBusyMs();
  const machineMs = machineBefore === null || machineAfter === null ? null : machineAfter - machineBefore;
  return { samples, seconds: (performance.now() - started) / 1000, cpuMs, machineMs, postgresMs: postgresCpuBetween(postgresBefore, postgresCpuByPid()) };
}

function summarize(runs: Run[]): Side {
  const totals = runs.flatMap((r) => r.samples.map((s) => s.total)).sort((a, b) => a - b);
  const firsts = runs.flatMap((r) => r.samples.map((s) => s.first)).sort((a, b) => a - b);
  const seconds = runs.reduce((s, r) => s + r.seconds, 0);
  const total = (pick: (r: Run) => number | null) => (runs.every((r) => pick(r) !== null) ? runs.reduce((s, r) => s + pick(r)!, 0) : null);
  const perRequest = (ms: number | null) => (ms === null ? null : ms / totals.length);
  const cpuMs = total((r) => r.cpuMs);
  return {
    p50: percentile(totals, 50),
    p99: percentile(totals, 99),
    firstP50: percentile(firsts, 50),
    rps: totals.length / seconds,
    cpuMsPerRequest: perRequest(cpuMs),
    machineMsPerRequest: perRequest(total((r) => r.machineMs)),
    postgresMsPerRequest: perRequest(total((r) => r.postgresMs)),
  };
}

type Scenario = { pace: GatewayBenchRow["pace"]; stream: boolean; concurrency: number; judged: boolean };
type Gateways = Array<{ label: string; target: Target }>;

/**
 * Direct, each gateway and (for judged rows) relay runs alternate, the order rotating each
 * round, so drift of the machine affects every side alike; a row per gateway, all measured in
 * the same rounds (cap and no cap side by side, not one after the other).
 */
async function scenario(direct: Target, gateways: Gateways, relay: Target, s: Scenario): Promise<GatewayBenchRow[]> {
  const paced = s.pace === "hosted";
  const requests = paced ? 500 : s.concurrency === 1 ? 300 : 1_500;
  const spreadMs = paced && s.concurrency > 1 ? HOSTED_REPLY_MS : 0;
  const warmup = Math.min(requests, paced ? s.concurrency : 200);
  const targets = [direct, ...gateways.map((g) => g.target), ...(s.judged ? [relay] : [])];
  for (const target of targets) await load(target, s.stream, s.concurrency, warmup, spreadMs);
  const runs = new Map<Target, Run[]>(targets.map((t) => [t, []]));
  const rounds = targets.length;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(round + i) % targets.length]!;
      runs.get(target)!.push(await load(target, s.stream, s.concurrency, requests, spreadMs));
    }
  }
  const d = summarize(runs.get(direct)!);
  const r = s.judged ? summarize(runs.get(relay)!) : null;
  return gateways.map(({ label, target }) => {
    const g = summarize(runs.get(target)!);
    return {
      ...s,
      label,
      direct: d,
      gateway: g,
      addedP50: g.p50 - d.p50,
      addedP99: g.p99 - d.p99,
      throughputRatio: g.rps / d.rps,
      relay: r && { side: r, addedP50: r.p50 - d.p50, addedP99: r.p99 - d.p99 },
    };
  });
}

export async function runGatewayBench(options: { adminUrl: string; log?: (line: string) => void }): Promise<GatewayBenchRow[]> {
  const log = options.log ?? ((line: string) => console.log(line));
  return withScratchDatabase(options.adminUrl, "gateway", 2, async ({ url, db }) => {
    const children: ChildProcess[] = [];
    try {
      // A cap far above what the bench spends makes every request take the reservation path.
      const cappedKey = await seed(db, 1e12);
      const uncappedKey = await seed(db, null);
      const unpacedDemo = await startBenchChild(["demo"]);
      children.push(unpacedDemo.child);
      const hostedDemo = await startBenchChild(["demo", JSON.stringify(HOSTED_PACE)]);
      children.push(hostedDemo.child);
      const targets = async (demo: typeof unpacedDemo) => {
        const demoUrl = `http://127.0.0.1:${demo.port}/v1`;
        const gateway = await startBenchChild(["gateway", url, demoUrl]);
        children.push(gateway.child);
        // A request through the gateway also costs the model its share: both processes count.
        const viaGateway = { url: `http://127.0.0.1:${gateway.port}/v1`, pids: [gateway.child.pid, demo.child.pid] };
        const relay = await startBenchChild(["relay", demoUrl]);
        children.push(relay.child);
        return {
          direct: { url: demoUrl, key: "sk-bench", pids: [demo.child.pid] } satisfies Target,
          relay: { url: `http://127.0.0.1:${relay.port}/v1`, key: "sk-bench", pids: [relay.child.pid, demo.child.pid] } satisfies Target,
          capped: { ...viaGateway, key: cappedKey } satisfies Target,
          uncapped: { ...viaGateway, key: uncappedKey } satisfies Target,
        };
      };
      const unpaced = await targets(unpacedDemo);
      const hosted = await targets(hostedDemo);

      // Steady state, as a process that has served a while: V8 optimizes the hot paths only after
      // some thousands of calls, and each row's own warm-up is short. Without this, the first
      // row measured on a gateway process paid for compiling it (+1.1 ms CPU per request).
      for (const stream of [false, true]) {
        for (const key of [unpaced.capped, unpaced.uncapped]) await load(key, stream, 1, 1_000, 0);
        await load(hosted.capped, stream, 100, 300, HOSTED_REPLY_MS);
      }

      const rows: GatewayBenchRow[] = [];
      const cap = (side: typeof unpaced): Gateways => [{ label: "cap", target: side.capped }];
      const both = (side: typeof unpaced): Gateways => [...cap(side), { label: "no cap", target: side.uncapped }];
      for (const stream of [false, true]) rows.push(...(await scenario(hosted.direct, cap(hosted), hosted.relay, { pace: "hosted", stream, concurrency: 100, judged: true })));
      for (const stream of [false, true]) {
        rows.push(...(await scenario(unpaced.direct, both(unpaced), unpaced.relay, { pace: "unpaced", stream, concurrency: 1, judged: true })));
        rows.push(...(await scenario(unpaced.direct, cap(unpaced), unpaced.relay, { pace: "unpaced", stream, concurrency: 100, judged: false })));
      }
      report(rows, log);
      return rows;
    } finally {
      await Promise.all(children.map(stopChild));
    }
  });
}

function report(rows: GatewayBenchRow[], log: (line: string) => void): void {
  const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);
  const mark = (row: GatewayBenchRow, ok: boolean) => (row.judged ? (ok ? "ok" : "MISSED") : "info");
  const cpu = (side: Side) => (side.cpuMsPerRequest === null ? "   n/a" : `${side.cpuMsPerRequest.toFixed(2)}`.padStart(6));
  log(`/v1 gateway vs demo model direct (50-token replies, same run)`);
  log(`  hosted pace: ${HOSTED_PACE.firstTokenLatencyMs} ms to the first token, then ${HOSTED_PACE.tokensPerSecond} tokens/s; unpaced: as fast as the socket takes it`);
  log(`targets: added p50 <= ${TARGETS.addedP50Ms} ms, added p99 <= ${TARGETS.addedP99Ms} ms, throughput >= ${TARGETS.throughputRatio}x`);
  log("pace     plan    mode    conc  direct p50 gateway p50  added p50         direct p99 gateway p99  added p99          throughput                        CPU ms/request direct → gateway+model");
  for (const r of rows) {
    const mode = `${r.pace.padEnd(8)} ${r.label.padEnd(7)} ${(r.stream ? "stream" : "json").padEnd(6)}`;
    log(
      `${mode} ${String(r.concurrency).padStart(5)} ${ms(r.direct.p50)} ${ms(r.gateway.p50)} ${ms(r.addedP50)} ${mark(r, r.addedP50 <= TARGETS.addedP50Ms).padEnd(6)}` +
        ` ${ms(r.direct.p99)} ${ms(r.gateway.p99)} ${ms(r.addedP99)} ${mark(r, r.addedP99 <= TARGETS.addedP99Ms).padEnd(6)}` +
        ` ${`${r.throughputRatio.toFixed(2)}x (${r.gateway.rps.toFixed(0)}/${r.direct.rps.toFixed(0)} req/s)`.padEnd(26)} ${(r.concurrency > 1 ? mark(r, r.throughputRatio >= TARGETS.throughputRatio) : "").padEnd(6)}` +
        ` ${cpu(r.direct)} → ${cpu(r.gateway)}`,
    );
  }
  log("floor: the same rows with a bare relay (one more process and HTTP hop, no work) in the gateway's place");
  for (const r of rows) {
    if (!r.relay) continue;
    const mode = `${r.pace.padEnd(8)} ${r.label.padEnd(7)} ${(r.stream ? "stream" : "json").padEnd(6)}`;
    log(
      `${mode} ${String(r.concurrency).padStart(5)}  relay added p50 ${ms(r.relay.addedP50)}  p99 ${ms(r.relay.addedP99)}` +
        `  gateway's own share p50 ${ms(r.addedP50 - r.relay.addedP50)}  p99 ${ms(r.addedP99 - r.relay.addedP99)}  relay CPU ms/request ${cpu(r.relay.side)}`,
    );
  }
  log("machine: busy time of all cores per request (every process and the kernel), and how many cores that kept busy; Postgres's share of the gateway's");
  const busy = (side: Side | undefined) =>
    side?.machineMsPerRequest == null ? "     n/a" : `${side.machineMsPerRequest.toFixed(2).padStart(6)} ms (${((side.machineMsPerRequest * side.rps) / 1000).toFixed(2)} cores)`;
  for (const r of rows) {
    const mode = `${r.pace.padEnd(8)} ${r.label.padEnd(7)} ${(r.stream ? "stream" : "json").padEnd(6)}`;
    const postgres = r.gateway.postgresMsPerRequest == null ? "n/a" : `${r.gateway.postgresMsPerRequest.toFixed(2)} ms`;
    log(`${mode} ${String(r.concurrency).padStart(5)}  direct ${busy(r.direct)}  relay ${busy(r.relay?.side)}  gateway ${busy(r.gateway)}  of which Postgres ${postgres}`);
  }
  const streams = rows.filter((r) => r.stream);
  log(
    "stream time to first byte p50 (direct → gateway): " +
      streams.map((r) => `${r.pace} ${r.label} c=${r.concurrency} ${r.direct.firstP50.toFixed(2)} → ${r.gateway.firstP50.toFixed(2)} ms`).join("; "),
  );
  log("(the reply does not wait for its usage event, which is written right after it: decision 114)");
  log("(unpaced at c=100 both sides are CPU-bound on this machine: that row compares CPU per request, not what a caller waits)");
}

/** `pnpm bench gateway`: the rows of the results table, one per scenario and target. */
export const gatewayBench: BenchModule = {
  name: "gateway",
  async run(log) {
    const rows = await runGatewayBench({ adminUrl: await benchAdminUrl(), log });
    return rows.flatMap((r): BenchRow[] => {
      const scenario = `${r.pace}, ${r.stream ? "stream" : "json"}, c=${r.concurrency}, ${r.label}`;
      const status = (ok: boolean): "PASS" | "MISS" => (ok ? "PASS" : "MISS");
      const out: BenchRow[] = [];
      if (r.judged) {
        out.push(
          { metric: `added p50 (${scenario})`, value: `${r.addedP50.toFixed(2)} ms`, target: `≤ ${TARGETS.addedP50Ms} ms`, status: r.addedP50 <= TARGETS.addedP50Ms ? "PASS" : "MISS" },
          { metric: `added p99 (${scenario})`, value: `${r.addedP99.toFixed(2)} ms`, target: `≤ ${TARGETS.addedP99Ms} ms`, status: r.addedP99 <= TARGETS.addedP99Ms ? "PASS" : "MISS" },
        );
      }
      if (r.relay) {
        out.push({ metric: `floor: a bare relay's added p50 / p99 (${scenario})`, value: `${r.relay.addedP50.toFixed(2)} / ${r.relay.addedP99.toFixed(2)} ms` });
        const [d, rl, g] = [r.direct, r.relay.side, r.gateway].map((side) => side.machineMsPerRequest);
        if (d != null && rl != null && g != null) {
          out.push({ metric: `machine busy per request, direct / relay / gateway (${scenario})`, value: `${d.toFixed(2)} / ${rl.toFixed(2)} / ${g.toFixed(2)} ms` });
        }
      }
      if (r.concurrency > 1) {
        const ok = r.throughputRatio >= TARGETS.throughputRatio;
        out.push({ metric: `throughput vs direct (${scenario})`, value: `${r.throughputRatio.toFixed(2)}×`, target: r.judged ? `≥ ${TARGETS.throughputRatio}×` : "none: CPU-bound", ...(r.judged ? { status: status(ok) } : {}) });
      }
      if (r.gateway.cpuMsPerRequest !== null && r.direct.cpuMsPerRequest !== null && r.pace === "unpaced" && r.concurrency === 1) {
        out.push({ metric: `CPU per request, gateway + model vs model (${scenario})`, value: `${r.gateway.cpuMsPerRequest.toFixed(2)} / ${r.direct.cpuMsPerRequest.toFixed(2)} ms` });
      }
      return out;
    });
  },
};
