// Time to first token and tokens/s of a chat reply through the customer app versus straight from
// the model, in one run: the demo model paced like a real one in its own process, the app's
// production build in another, 50 streams in flight on each side, rounds alternating.
import { DEMO_MODEL } from "@meterkit/llm";
import { seedChatCustomer } from "./chat-app-seed";
import { appStream, directStream, type StreamSample } from "./chat-streams";
import { startBenchChild, stopChild } from "./children";
import { median, percentile } from "./measure";
import { cpuOfProcesses } from "./process-cpu";
import { benchAdminUrl, withScratchDatabase } from "./postgres";
import type { BenchModule, BenchRow } from "./types";
import { buildWebApp, startWebApp } from "./web-app";

const STREAMS = 50;
const TOKENS_PER_SECOND = 200;
const REPLY_TOKENS = 100;
/** Each round: STREAMS clients, each streaming REQUESTS_PER_ROUND / STREAMS replies back to back. */
const REQUESTS_PER_ROUND = STREAMS * 3;
const ROUNDS = { warmup: 1, rounds: 6 };
const TARGETS = { ttftOverheadP50Ms: 5, throughputRatio: 0.95 };
const PROMPTS = Array.from({ length: 20 }, (_, i) => `Question ${i}: how do tea plantations choose which leaves to pick?`);

type Stream = (i: number) => Promise<StreamSample>;
/** How one side streams, and the processes that do its work (their CPU time is reported). */
type Candidate = { stream: Stream; pids: Array<number | undefined> };

/**
 * One round with STREAMS streams in flight. Client k starts k/STREAMS of a reply's length after
 * the first, so streams start and end spread out as in steady traffic, not all in one burst.
 */
async function round(stream: Stream, offset: number): Promise<{ samples: StreamSample[]; seconds: number }> {
  const samples: StreamSample[] = [];
  const spacingMs = (REPLY_TOKENS / TOKENS_PER_SECOND) * 1000 / STREAMS;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: STREAMS }, async (_, k) => {
      await new Promise((resolve) => setTimeout(resolve, k * spacingMs));
      while (next < REQUESTS_PER_ROUND) samples.push(await stream(offset + next++));
    }),
  );
  return { samples, seconds: (performance.now() - started) / 1000 };
}

type Side = { samples: StreamSample[]; seconds: number; cpuMs: number | null };

async function alternateRounds(sides: { direct: Candidate; app: Candidate }, log: (line: string) => void): Promise<{ direct: Side; app: Side }> {
  const empty = (): Side => ({ samples: [], seconds: 0, cpuMs: 0 });
  const totals = { direct: empty(), app: empty() };
  const offsets = { direct: 0, app: 0 };
  for (let i = 0; i < ROUNDS.warmup + ROUNDS.rounds; i++) {
    const order = i % 2 === 0 ? (["direct", "app"] as const) : (["app", "direct"] as const);
    for (const name of order) {
      const { result, cpuMs } = await cpuOfProcesses(sides[name].pids, () => round(sides[name].stream, offsets[name]));
      offsets[name] += REQUESTS_PER_ROUND;
      if (i < ROUNDS.warmup) continue;
      const side = totals[name];
      side.samples.push(...result.samples);
      side.seconds += result.seconds;
      side.cpuMs = side.cpuMs === null || cpuMs === null ? null : side.cpuMs + cpuMs;
    }
    log(`chat-app: ${i < ROUNDS.warmup ? "warm-up" : "round"} ${i + 1 - (i < ROUNDS.warmup ? 0 : ROUNDS.warmup)} done`);
  }
  return totals;
}

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const ms = (n: number) => `${n.toFixed(2)} ms`;
const check = (ok: boolean): "PASS" | "MISS" => (ok ? "PASS" : "MISS");
/** Tokens/s of one stream as its reader sees it: the reply's tokens over the time to its last token. */
const rate = (s: StreamSample) => s.tokens / (s.lastTextMs / 1000);

function rows(direct: Side, app: Side): BenchRow[] {
  const ttft = { direct: sorted(direct.samples.map((s) => s.ttftMs)), app: sorted(app.samples.map((s) => s.ttftMs)) };
  const p50 = percentile(ttft.app, 50) - percentile(ttft.direct, 50);
  const p99 = percentile(ttft.app, 99) - percentile(ttft.direct, 99);
  const perStream = { direct: median(direct.samples.map(rate)), app: median(app.samples.map(rate)) };
  const ratio = perStream.app / perStream.direct;
  const aggregate = (side: Side) => side.samples.reduce((sum, s) => sum + s.tokens, 0) / side.seconds;
  const tokens = (side: Side) => `${Math.min(...side.samples.map((s) => s.tokens))}–${Math.max(...side.samples.map((s) => s.tokens))}`;
  const end = (side: Side) => percentile(sorted(side.samples.map((s) => s.endMs)), 50);
  const result: BenchRow[] = [
    {
      metric: "app under test",
      value: "apps/web production build (remix vite:build; NODE_ENV=production tsx server.ts), POST /app/chat/:id/stream with a session cookie",
    },
    { metric: `setup: demo model at ${TOKENS_PER_SECOND} tokens/s, ${REPLY_TOKENS}-token replies, ${STREAMS} streams in flight`, value: `${direct.samples.length} replies per side` },
    { metric: "completion tokens per reply, direct / app", value: `${tokens(direct)} / ${tokens(app)}` },
    { metric: "TTFT p50, direct / app", value: `${ms(percentile(ttft.direct, 50))} / ${ms(percentile(ttft.app, 50))}` },
    { metric: "TTFT p99, direct / app", value: `${ms(percentile(ttft.direct, 99))} / ${ms(percentile(ttft.app, 99))}` },
    { metric: "TTFT overhead p50 (app − direct)", value: ms(p50), target: `< ${TARGETS.ttftOverheadP50Ms} ms`, status: check(p50 < TARGETS.ttftOverheadP50Ms) },
    { metric: "TTFT overhead p99 (app − direct)", value: ms(p99) },
    { metric: "tokens/s per stream p50 (to the last token), direct / app", value: `${perStream.direct.toFixed(1)} / ${perStream.app.toFixed(1)}` },
    { metric: "throughput per stream, app ÷ direct", value: `${ratio.toFixed(3)}×`, target: `≥ ${TARGETS.throughputRatio}×`, status: check(ratio >= TARGETS.throughputRatio) },
    { metric: "tokens/s all streams together, direct / app", value: `${aggregate(direct).toFixed(0)} / ${aggregate(app).toFixed(0)}` },
    { metric: "end of response p50 (app: after the ledger write and `done`), direct / app", value: `${ms(end(direct))} / ${ms(end(app))}` },
  ];
  if (direct.cpuMs !== null && app.cpuMs !== null) {
    const perReply = (side: Side) => side.cpuMs! / side.samples.length;
    result.push({ metric: "server CPU per reply: model process (direct) / app + model processes (app)", value: `${ms(perReply(direct))} / ${ms(perReply(app))}` });
  }
  return result;
}

/** `pnpm bench chat-app`. */
export const chatAppBench: BenchModule = {
  name: "chat-app",
  async run(log) {
    log("chat-app: building apps/web for production");
    await buildWebApp();
    const requests = (ROUNDS.warmup + ROUNDS.rounds) * REQUESTS_PER_ROUND;
    return withScratchDatabase(await benchAdminUrl(), "chat_app", 4, async ({ url, db }) => {
      const customer = await seedChatCustomer(db, requests);
      const pacing = { tokensPerSecond: TOKENS_PER_SECOND, firstTokenLatencyMs: 0, replyTokens: { min: REPLY_TOKENS, max: REPLY_TOKENS } };
      const model = await startBenchChild(["demo", JSON.stringify(pacing)]);
      try {
        const modelUrl = `http://127.0.0.1:${model.port}/v1`;
        const app = await startWebApp({ databaseUrl: url, modelUrl });
        try {
          log(`chat-app: app on ${app.url}, model on ${modelUrl}`);
          const { direct, app: through } = await alternateRounds(
            {
              direct: { stream: (i) => directStream(modelUrl, DEMO_MODEL, PROMPTS[i % PROMPTS.length]!), pids: [model.child.pid] },
              app: { stream: (i) => appStream(app.url, customer.cookie, customer.conversations[i]!, PROMPTS[i % PROMPTS.length]!), pids: [app.pid, model.child.pid] },
            },
            log,
          );
          return rows(direct, through);
        } finally {
          await app.stop();
        }
      } finally {
        await stopChild(model.child);
      }
    });
  },
};
