import { resolveModel } from "../catalog";
import type { ModelSpec, Rate } from "../catalog/types";
import { costMicros } from "../cost";
import { textCounter } from "../tokens/encodings";
import type { OpenAIUsage } from "../usage-formats";
import { LiveTokenCounter } from "./live-token-counter";
import { buildStreamResult, type StreamMeterResult, type StreamStatus } from "./stream-result";

/** What an upstream stream yields: a text delta, or a chunk with a delta and/or a usage report. */
export type StreamChunk = string | { delta?: string | null; usage?: OpenAIUsage | null };

export type MeterStreamOptions = {
  model: string | ModelSpec;
  /** The request's prompt tokens as counted before sending (countChatTokens / applyContextPolicy). */
  promptTokens: number;
  /** The plan's rate; the model's catalog rate when omitted. */
  rate?: Rate;
  /** Aborts the stream (e.g. the client disconnected): the meter stops and bills what was delivered. */
  signal?: AbortSignal;
};

export type LiveUsage = {
  promptTokens: number;
  /** Tokens of the text delivered so far (exact for short answers, within 1% for long ones). */
  completionTokens: number;
  totalTokens: number;
  costMicrosSoFar: number;
  /** How much of the model's window the conversation fills so far. */
  contextTokens: number;
  contextWindow: number;
};

export type MeteredStream = AsyncIterable<string> & {
  live(): LiveUsage;
  /** Settles once: when the source ends, the consumer stops iterating, the signal aborts, or the source fails. */
  readonly result: Promise<StreamMeterResult>;
};

const ABORTED = Symbol("aborted");

/**
 * Meters a streamed completion while forwarding it. Each delta is yielded the moment it
 * arrives — the loop awaits nothing but the source — and counted on the way (constant work
 * per character, no I/O). `live()` can be read at any moment; `result` gives the exact count
 * of the delivered text whether the stream completed, was aborted or failed.
 */
export function meterStream(source: AsyncIterable<StreamChunk>, options: MeterStreamOptions): MeteredStream {
  const model = resolveModel(options.model);
  const rate = options.rate ?? model.defaultRate;
  const { promptTokens, signal } = options;
  const counter = new LiveTokenCounter(textCounter(model.encoding));
  const upstream = source[Symbol.asyncIterator]();
  let upstreamUsage: OpenAIUsage | undefined;
  let settle!: (result: StreamMeterResult) => void;
  const result = new Promise<StreamMeterResult>((resolve) => (settle = resolve));
  let finished = false;

  const finish = (status: StreamStatus, error?: unknown) => {
    if (finished) return;
    finished = true;
    signal?.removeEventListener("abort", onAbort);
    if (status !== "completed") closeQuietly(upstream);
    const text = counter.text();
    settle(buildStreamResult({ status, text, completionTokens: counter.exact(), promptTokens, rate, upstreamUsage, error }));
  };

  // One abort listener for the whole stream; it wakes whichever read is pending.
  let wake: ((value: typeof ABORTED) => void) | null = null;
  const onAbort = () => wake?.(ABORTED);
  signal?.addEventListener("abort", onAbort, { once: true });
  const read = (): Promise<IteratorResult<StreamChunk> | typeof ABORTED> => {
    if (!signal) return upstream.next();
    return new Promise((resolve, reject) => {
      wake = resolve;
      upstream.next().then(resolve, reject);
    });
  };

  async function* forward(): AsyncGenerator<string, void, undefined> {
    let status: StreamStatus = "aborted";
    let failure: unknown;
    try {
      while (!signal?.aborted) {
        const next = await read();
        if (next === ABORTED) break;
        if (next.done) {
          status = "completed";
          break;
        }
        const chunk = next.value;
        const delta = typeof chunk === "string" ? chunk : chunk.delta;
        if (typeof chunk !== "string" && chunk.usage) upstreamUsage = chunk.usage;
        if (typeof delta === "string" && delta.length > 0) {
          counter.append(delta);
          yield delta;
        }
      }
    } catch (error) {
      status = "failed";
      failure = error;
      throw error;
    } finally {
      finish(status, failure);
    }
  }

  const generator = forward();
  let started = false;
  const iterator: AsyncIterableIterator<string> = {
    next: () => {
      started = true;
      return generator.next();
    },
    // Stopping before the first read never enters the generator's finally: settle here.
    return: (value?: unknown) => {
      if (!started) finish("aborted");
      return generator.return(value as undefined);
    },
    throw: (error?: unknown) => generator.throw(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  return {
    [Symbol.asyncIterator]: () => iterator,
    result,
    live(): LiveUsage {
      const completionTokens = counter.live();
      const costMicrosSoFar = costMicros({ uncachedInput: promptTokens, cachedInput: 0, output: completionTokens, reasoning: 0 }, rate);
      const totalTokens = promptTokens + completionTokens;
      return { promptTokens, completionTokens, totalTokens, costMicrosSoFar, contextTokens: totalTokens, contextWindow: model.contextWindow };
    },
  };
}

function closeQuietly(iterator: AsyncIterator<unknown>): void {
  // Tell the source to stop (closes the upstream request); never wait for it or fail on it.
  void Promise.resolve()
    .then(() => iterator.return?.())
    .catch(() => undefined);
}
