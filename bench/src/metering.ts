import { countTokens as libraryCountTokens } from "gpt-tokenizer/encoding/o200k_base";
import { countTokens, createLiveTokenCounter, meterStream, StreamMeter } from "@meterkit/metering";
import { chunkText, generateCorpus } from "@meterkit/metering/testing";
import { alternate, median, medianRatio } from "./measure";
import type { BenchModule, BenchRow } from "./types";

const MODEL = "gpt-4o";
const CORPUS_CHARS = 2_000_000;
const ROUNDS = { warmup: 2, rounds: 7 };

const check = (ok: boolean): "PASS" | "MISS" => (ok ? "PASS" : "MISS");
const x = (ratio: number) => `${ratio.toFixed(2)}×`;

async function* replay(deltas: readonly string[]): AsyncGenerator<string> {
  for (const delta of deltas) yield delta;
}

/** Max relative error of the live count against exact counts of the text so far, at `samples` points. */
function liveError(text: string, deltas: readonly string[], samples: number): number {
  const counter = createLiveTokenCounter(MODEL);
  const every = Math.max(1, Math.floor(deltas.length / samples));
  let delivered = 0;
  let worst = 0;
  deltas.forEach((delta, i) => {
    counter.append(delta);
    delivered += delta.length;
    if ((i + 1) % every === 0 || i === deltas.length - 1) {
      const exact = countTokens(text.slice(0, delivered), MODEL);
      worst = Math.max(worst, Math.abs(counter.live() - exact) / exact);
    }
  });
  return worst;
}

export const meteringBench: BenchModule = {
  name: "metering",
  async run(log) {
    const text = generateCorpus(CORPUS_CHARS);
    const deltas = chunkText(text, 2, 6); // ~4-character deltas, like a model's stream
    const exact = countTokens(text, MODEL);
    const rows: BenchRow[] = [
      { metric: "corpus (mixed prose, code, JSON, numbers, CJK, emoji, accents)", value: `${(text.length / 1e6).toFixed(2)}M chars, ${exact} tokens, ${deltas.length} deltas` },
    ];

    log("metering: countTokens throughput");
    const counting = await alternate(
      { ours: () => countTokens(text, MODEL), library: () => libraryCountTokens(text) },
      ROUNDS,
    );
    const throughput = medianRatio(counting.library, counting.ours);
    const mbps = (ms: number) => `${(text.length / 1e6 / (ms / 1000)).toFixed(2)} M chars/s`;
    rows.push(
      { metric: "countTokens: ours", value: mbps(median(counting.ours)) },
      { metric: "countTokens: gpt-tokenizer countTokens directly", value: mbps(median(counting.library)) },
      { metric: "countTokens throughput, ours ÷ direct", value: x(throughput), target: "≥ 0.95×", status: check(throughput >= 0.95) },
    );

    log("metering: stream meter vs one full tokenization");
    let finalCount = -1;
    const streaming = await alternate(
      {
        full: () => countTokens(text, MODEL),
        // The least any exact meter must do: keep the deltas, tokenize once at the end (no live count).
        collectThenCount: () => {
          let all = "";
          for (const delta of deltas) all += delta;
          return countTokens(all, MODEL);
        },
        meter: () => {
          const meter = new StreamMeter({ model: MODEL, promptTokens: 0 });
          for (const delta of deltas) {
            meter.push(delta);
            meter.live();
          }
          finalCount = meter.finish("completed").completionTokens;
        },
        forwarding: async () => {
          let chars = 0;
          for await (const delta of replay(deltas)) chars += delta.length;
          return chars;
        },
        meterStream: async () => {
          const metered = meterStream(replay(deltas), { model: MODEL, promptTokens: 0 });
          for await (const _ of metered) metered.live();
          return (await metered.result).completionTokens;
        },
      },
      ROUNDS,
    );
    const meterRatio = medianRatio(streaming.meter, streaming.full);
    const added = streaming.meterStream.map((t, i) => t - streaming.forwarding[i]!);
    rows.push(
      { metric: "one full tokenization (CPU)", value: `${median(streaming.full).toFixed(1)} ms` },
      {
        metric: "collect the deltas, tokenize once at the end (no live count) ÷ full",
        value: `${median(streaming.collectThenCount).toFixed(1)} ms = ${x(medianRatio(streaming.collectThenCount, streaming.full))}`,
      },
      {
        metric: "stream meter: push + live() per delta + exact final (CPU) ÷ full",
        value: `${median(streaming.meter).toFixed(1)} ms = ${x(meterRatio)}`,
        target: "≤ 1.30×",
        status: check(meterRatio <= 1.3),
      },
      {
        metric: "meterStream async wrapper: CPU added over bare async forwarding ÷ full",
        value: `${median(added).toFixed(1)} ms = ${x(medianRatio(added, streaming.full))} (forwarding alone ${median(streaming.forwarding).toFixed(1)} ms)`,
      },
      { metric: "stream meter final count = one tokenization of the full text", value: `${finalCount} vs ${exact}`, target: "equal", status: check(finalCount === exact) },
    );

    log("metering: live accuracy");
    const liveWorst = liveError(text, chunkText(text, 1, 8, 11), 40);
    let naive = 0;
    for (const delta of deltas) naive += countTokens(delta, MODEL);
    const naiveError = (naive - exact) / exact;
    rows.push(
      { metric: "live count, max error vs exact (40 points, 1-8 char deltas)", value: `${(liveWorst * 100).toFixed(3)}%`, target: "< 1%", status: check(liveWorst < 0.01) },
      { metric: "naive per-chunk sum, error vs exact (for comparison)", value: `${naiveError >= 0 ? "+" : ""}${(naiveError * 100).toFixed(1)}%` },
    );
    return rows;
  },
};
