import type { StreamMeterResult, StreamStatus } from "./stream-result";
import { StreamMeter, type LiveUsage, type StreamChunk, type StreamMeterOptions } from "./stream-meter";

export type MeterStreamOptions = StreamMeterOptions & {
  /** Aborts the stream (e.g. the client disconnected): the meter stops and bills what was delivered. */
  signal?: AbortSignal;
};

export type MeteredStream = AsyncIterable<string> & {
  live(): LiveUsage;
  /** The exact completion tokens delivered so far (StreamMeter.exactCompletionTokens). */
  exactCompletionTokens(): number;
  /** Settles once: when the source ends, the consumer stops iterating, the signal aborts, or the source fails. */
  readonly result: Promise<StreamMeterResult>;
};

const ABORTED = Symbol("aborted");
const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

/**
 * Meters a streamed completion while forwarding it. Each delta is handed to the consumer the
 * moment the source produces it — the only thing awaited is the source — and counted on the
 * way. `live()` can be read at any moment; `result` gives the exact count of the delivered
 * text whether the stream completed, was aborted (consumer stopped, or the signal fired) or
 * failed (the source threw; the error is also rethrown to the consumer).
 *
 * The iterator is written by hand rather than as an async generator: same behaviour, one
 * promise per delta instead of a generator's queue and two. One consumer at a time.
 */
export function meterStream(source: AsyncIterable<StreamChunk>, options: MeterStreamOptions): MeteredStream {
  const meter = new StreamMeter(options);
  const { signal } = options;
  const upstream = source[Symbol.asyncIterator]();
  let settle!: (result: StreamMeterResult) => void;
  const result = new Promise<StreamMeterResult>((resolve) => (settle = resolve));

  // One abort listener for the whole stream; it wakes whichever read is pending.
  let wake: ((value: typeof ABORTED) => void) | null = null;
  const onAbort = () => wake?.(ABORTED);
  signal?.addEventListener("abort", onAbort, { once: true });

  const finish = (status: StreamStatus, error?: unknown): IteratorReturnResult<undefined> => {
    if (meter.finished) return DONE;
    signal?.removeEventListener("abort", onAbort);
    if (status !== "completed") closeQuietly(upstream);
    settle(meter.finish(status, error));
    return DONE;
  };

  const read = (): Promise<IteratorResult<StreamChunk> | typeof ABORTED> => {
    if (!signal) return upstream.next();
    return new Promise((resolve, reject) => {
      wake = resolve;
      upstream.next().then(resolve, reject);
    });
  };

  const onChunk = (next: IteratorResult<StreamChunk> | typeof ABORTED): IteratorResult<string> | Promise<IteratorResult<string>> => {
    if (meter.finished) return DONE;
    if (next === ABORTED) return finish("aborted");
    if (next.done) return finish("completed");
    const delta = meter.push(next.value);
    // A chunk without text (the usage report, a role header) is not forwarded: read on.
    return delta === null ? pull() : { done: false, value: delta };
  };

  const onError = (error: unknown): never => {
    finish("failed", error);
    throw error;
  };

  const pull = (): Promise<IteratorResult<string>> => {
    if (meter.finished) return Promise.resolve(DONE);
    if (signal?.aborted) return Promise.resolve(finish("aborted"));
    return read().then(onChunk, onError);
  };

  const iterator: AsyncIterableIterator<string> = {
    next: pull,
    // The consumer stopped (break, return, or a throw in its loop): bill what it received.
    return: () => Promise.resolve(finish("aborted")),
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  return { [Symbol.asyncIterator]: () => iterator, result, live: () => meter.live(), exactCompletionTokens: () => meter.exactCompletionTokens() };
}

function closeQuietly(iterator: AsyncIterator<unknown>): void {
  // Tell the source to stop (closes the upstream request); never wait for it or fail on it.
  void Promise.resolve()
    .then(() => iterator.return?.())
    .catch(() => undefined);
}
