// Time to first token and tokens/s of a chat reply through the customer app versus straight from
// the model, in one run: the demo model paced like a real one in its own process, the app's
// production build in another, 50 streams in flight on each side, rounds alternating.
//
// Two paces: the demo's default (150 ms to the first token, then 50 tokens/s, like a hosted
// model), where the targets are judged, and a stress pace four times faster with the first token
// at once, printed without targets: 50 streams at 200 tokens/s are 10,000 relayed tokens a second,
// which saturates a two-core machine shared by the load generator, the app, the model and Postgres.
import { DEMO_MODEL } from "@meterkit/llm";
import { seedChatCustomers } from "./chat-app-seed";
import { appStream, directStream, type StreamSample } from "./chat-streams";
import { startBenchChild, stopChild } from "./children";
import { chatAppRows, type Side } from "./chat-app-report";
import { cpuOfProcesses } from "./process-cpu";
import { benchAdminUrl, withScratchDatabase } from "./postgres";
import type { BenchModule } from "./types";
import { buildWebApp, startWebApp } from "./web-app";

const STREAMS = 50;
/** Customers sharing the streams (each with one logged-in user): a team per customer, not one account for all. */
const CUSTOMERS = 10;
const REPLY_TOKENS = 100;
export type Pace = { tokensPerSecond: number; firstTokenLatencyMs: number; judged: boolean };
const PACES: Pace[] = [
  { tokensPerSecond: 50, firstTokenLatencyMs: 150, judged: true },
  { tokensPerSecond: 200, firstTokenLatencyMs: 0, judged: false },
];
/** Each round: STREAMS clients, each streaming REQUESTS_PER_ROUND / STREAMS replies back to back. */
const REQUESTS_PER_ROUND = STREAMS * 3;
const ROUNDS = { warmup: 1, rounds: 6 };
const PROMPTS = Array.from({ length: 20 }, (_, i) => `Question ${i}: how do tea plantations choose which leaves to pick?`);

type Stream = (i: number) => Promise<StreamSample>;
/** How one side streams, and the processes that do its work (their CPU time is reported). */
type Candidate = { stream: Stream; pids: Array<number | undefined> };

/**
 * One round with STREAMS streams in flight. Client k starts k/STREAMS of a reply's length after
 * the first, so streams start and end spread out as in steady traffic, not all in one burst.
 */
async function round(stream: Stream, offset: number, pace: Pace): Promise<{ samples: StreamSample[]; seconds: number }> {
  const samples: StreamSample[] = [];
  const spacingMs = (pace.firstTokenLatencyMs + (REPLY_TOKENS / pace.tokensPerSecond) * 1000) / STREAMS;
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

async function alternateRounds(sides: { direct: Candidate; app: Candidate }, pace: Pace, log: (line: string) => void): Promise<{ direct: Side; app: Side }> {
  const empty = (): Side => ({ samples: [], seconds: 0, cpuMs: 0 });
  const totals = { direct: empty(), app: empty() };
  const offsets = { direct: 0, app: 0 };
  for (let i = 0; i < ROUNDS.warmup + ROUNDS.rounds; i++) {
    const order = i % 2 === 0 ? (["direct", "app"] as const) : (["app", "direct"] as const);
    for (const name of order) {
      const { result, cpuMs } = await cpuOfProcesses(sides[name].pids, () => round(sides[name].stream, offsets[name], pace));
      offsets[name] += REQUESTS_PER_ROUND;
      if (i < ROUNDS.warmup) continue;
      const side = totals[name];
      side.samples.push(...result.samples);
      side.seconds += result.seconds;
      side.cpuMs = side.cpuMs === null || cpuMs === null ? null : side.cpuMs + cpuMs;
    }
    const at = `${pace.tokensPerSecond} tokens/s`;
    log(i < ROUNDS.warmup ? `chat-app (${at}): warm-up round ${i + 1} done` : `chat-app (${at}): round ${i + 1 - ROUNDS.warmup} of ${ROUNDS.rounds} done`);
  }
  return totals;
}

/** `pnpm bench chat-app`. */
export const chatAppBench: BenchModule = {
  name: "chat-app",
  async run(log) {
    log("chat-app: building apps/web for production");
    await buildWebApp();
    const requestsPerPace = (ROUNDS.warmup + ROUNDS.rounds) * REQUESTS_PER_ROUND;
    return withScratchDatabase(await benchAdminUrl(), "chat_app", 4, async ({ url, db }) => {
      // Each pace needs its own fresh conversations, so every prompt has the same size.
      const customers = await seedChatCustomers(db, CUSTOMERS, Math.ceil((PACES.length * requestsPerPace) / CUSTOMERS));
      const rows = [];
      for (const [index, pace] of PACES.entries()) {
        const pacing = { tokensPerSecond: pace.tokensPerSecond, firstTokenLatencyMs: pace.firstTokenLatencyMs, replyTokens: { min: REPLY_TOKENS, max: REPLY_TOKENS } };
        const model = await startBenchChild(["demo", JSON.stringify(pacing)]);
        try {
          const modelUrl = `http://127.0.0.1:${model.port}/v1`;
          const app = await startWebApp({ databaseUrl: url, modelUrl });
          try {
            log(`chat-app: app = apps/web production build (remix vite:build, NODE_ENV=production tsx server.ts) on ${app.url}, driven like the chat page`);
            log(`chat-app: direct = the demo model on ${modelUrl} (own process, first token after ${pace.firstTokenLatencyMs} ms, then ${pace.tokensPerSecond} tokens/s)`);
            const first = index * requestsPerPace;
            const { direct, app: through } = await alternateRounds(
              {
                direct: { stream: (i) => directStream(modelUrl, DEMO_MODEL, PROMPTS[i % PROMPTS.length]!), pids: [model.child.pid] },
                app: {
                  stream: (i) => {
                    const customer = customers[i % CUSTOMERS]!;
                    return appStream(app.url, customer.cookie, customer.conversations[Math.floor((first + i) / CUSTOMERS)]!, PROMPTS[i % PROMPTS.length]!);
                  },
                  pids: [app.pid, model.child.pid],
                },
              },
              pace,
              log,
            );
            rows.push(...chatAppRows(direct, through, { streams: STREAMS, customers: CUSTOMERS, ...pace }));
          } finally {
            await app.stop();
          }
        } finally {
          await stopChild(model.child);
        }
      }
      return rows;
    });
  },
};
