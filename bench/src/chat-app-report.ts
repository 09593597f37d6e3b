// The chat-app bench's rows: percentiles of both sides' samples, their differences and ratios.
import type { StreamSample } from "./chat-streams";
import { median, percentile } from "./measure";
import type { BenchRow } from "./types";

const TARGETS = { ttftOverheadP50Ms: 5, throughputRatio: 0.95 };

/** Everything measured for one side over the rounds after the warm-up. */
export type Side = { samples: StreamSample[]; seconds: number; cpuMs: number | null };

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const ms = (n: number) => `${n.toFixed(2)} ms`;
const check = (ok: boolean): "PASS" | "MISS" => (ok ? "PASS" : "MISS");
/** Tokens/s of one stream as its reader sees it: the reply's tokens over the time to its last token. */
const rate = (s: StreamSample) => s.tokens / (s.lastTextMs / 1000);

export function chatAppRows(
  direct: Side,
  app: Side,
  setup: { streams: number; customers: number; tokensPerSecond: number; firstTokenLatencyMs: number; judged: boolean },
): BenchRow[] {
  // Rows of a run without targets say so in their name and carry no status.
  const at = `@${setup.tokensPerSecond} tok/s`;
  const judged = (row: BenchRow): BenchRow => (setup.judged ? row : { metric: row.metric, value: row.value, target: "none: stress" });
  const ttft = { direct: sorted(direct.samples.map((s) => s.ttftMs)), app: sorted(app.samples.map((s) => s.ttftMs)) };
  const p50 = percentile(ttft.app, 50) - percentile(ttft.direct, 50);
  const p99 = percentile(ttft.app, 99) - percentile(ttft.direct, 99);
  const perStream = { direct: median(direct.samples.map(rate)), app: median(app.samples.map(rate)) };
  const ratio = perStream.app / perStream.direct;
  const aggregate = (side: Side) => side.samples.reduce((sum, s) => sum + s.tokens, 0) / side.seconds;
  const tokens = (side: Side) => `${Math.min(...side.samples.map((s) => s.tokens))}–${Math.max(...side.samples.map((s) => s.tokens))}`;
  const end = (side: Side) => percentile(sorted(side.samples.map((s) => s.endMs)), 50);
  const result: BenchRow[] = [
    { metric: "app side: apps/web production build over HTTP", value: "POST /app/chat/:id/stream" },
    { metric: `${setup.streams} streams in flight (${setup.customers} customers), model: first token after ${setup.firstTokenLatencyMs} ms, then ${setup.tokensPerSecond} tokens/s${setup.judged ? "" : " (stress, no targets)"}`, value: `${direct.samples.length} replies per side` },
    { metric: "completion tokens per reply, direct / app", value: `${tokens(direct)} / ${tokens(app)}` },
    { metric: "TTFT p50, direct / app", value: `${ms(percentile(ttft.direct, 50))} / ${ms(percentile(ttft.app, 50))}` },
    { metric: "TTFT p99, direct / app", value: `${ms(percentile(ttft.direct, 99))} / ${ms(percentile(ttft.app, 99))}` },
    judged({ metric: "TTFT overhead p50 (app − direct)", value: ms(p50), target: `< ${TARGETS.ttftOverheadP50Ms} ms`, status: check(p50 < TARGETS.ttftOverheadP50Ms) }),
    { metric: "TTFT overhead p99 (app − direct)", value: ms(p99) },
    { metric: "tokens/s per stream p50 (to the last token), direct / app", value: `${perStream.direct.toFixed(1)} / ${perStream.app.toFixed(1)}` },
    judged({ metric: "throughput per stream, app ÷ direct", value: `${ratio.toFixed(3)}×`, target: `≥ ${TARGETS.throughputRatio}×`, status: check(ratio >= TARGETS.throughputRatio) }),
    { metric: "tokens/s all streams together, direct / app", value: `${aggregate(direct).toFixed(0)} / ${aggregate(app).toFixed(0)}` },
    { metric: "end of response p50 (app: after the ledger write and `done`), direct / app", value: `${ms(end(direct))} / ${ms(end(app))}` },
  ];
  for (const row of result) if (row.metric !== result[0]!.metric) row.metric = `${row.metric} ${at}`;
  if (direct.cpuMs !== null && app.cpuMs !== null) {
    const perReply = (side: Side) => side.cpuMs! / side.samples.length;
    result.push({ metric: `server CPU per reply: model process (direct) / app + model processes (app) ${at}`, value: `${ms(perReply(direct))} / ${ms(perReply(app))}` });
  }
  return result;
}
