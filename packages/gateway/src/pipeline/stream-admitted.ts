import { billedTokens, costOfBilled, recordUsage } from "@meterkit/billing";
import { LlmError, type ChatStreamPart } from "@meterkit/llm";
import { meterStream, type MeteredStream, type StreamMeterResult } from "@meterkit/metering";
import { requestOwner, toMeteringRate, type Admission } from "./admit";
import { samplingOf } from "./request-schema";
import { afterUsage } from "./after-usage";
import { createCheckpointer, defaultCheckpointPolicy, type Checkpointer, type CheckpointPolicy } from "./checkpointer";
import { ledgerCounts } from "./final-counts";
import { nothingBilled, recordWithRetry, toFailure } from "./settle";
import type { ChatDeps, ChatReply, ChatResult, ChatStatus, LiveUsage, OnPart } from "./types";
import { checkpointWriter } from "./write-checkpoint";

/** No request may outlive its reservation (reservations.ts); longer ones are cut and billed as aborted. */
export const MAX_REQUEST_MS = 10 * 60_000;

export type StreamOptions = {
  signal?: AbortSignal;
  onPart?: OnPart;
  checkpoint?: CheckpointPolicy;
  /** How often live usage parts are sent: every N completion tokens or T ms, whichever first. */
  liveUsageEvery?: { tokens: number; ms: number };
};

export type ChatRun = {
  requestId: string;
  /** Usage so far; callable at any moment, from any code that holds the run. */
  live(): LiveUsage;
  /**
   * The finished reply with its final counts and cost, as soon as the model is done and before
   * its usage event is written: what an API response needs, so it does not wait for the ledger
   * (decision 114). Rejects only when `result` does.
   */
  reply: Promise<ChatReply>;
  /** The reply once its usage event is written (or the write gave up, see recordWithRetry). */
  result: Promise<ChatResult>;
};

// Triggers for checkpoints and live parts use this cheap estimate; what they report is exact.
const CHARS_PER_TOKEN = 4;

/**
 * DESIGN §5 from the upstream call on. The delta loop forwards and counts only (metering's
 * meterStream); checkpoints are fire-and-forget and nothing on it awaits the network except the
 * caller's own backpressure (invariant 3). The usage event is written once, at the end: `reply`
 * resolves just before that write, `done` is delivered and `result` resolves just after it.
 */
export function startAdmitted(deps: ChatDeps, admission: Admission, options: StreamOptions = {}): ChatRun {
  const billedPrompt = admission.plan.bill_prompt_as === "effective" ? admission.promptTokensEffective : admission.promptTokensSent;
  // One plain controller for everything that ends the run: the caller's signal, the time limit,
  // a consumer that throws. Plain on purpose: Node keeps a composite AbortSignal.any() alive
  // while it has listeners and has not aborted, and the timer is cleared when the run ends.
  const stop = new AbortController();
  const signal = stop.signal;
  const timeout = setTimeout(() => stop.abort(new Error("The request ran past its time limit.")), MAX_REQUEST_MS).unref();
  const callerSignal = options.signal;
  const onCallerAbort = () => stop.abort(callerSignal?.reason);
  if (callerSignal?.aborted) stop.abort(callerSignal.reason);
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const upstream = { finishReason: null as string | null, deltas: 0 };
  const meter = meterStream(tap(deps, admission, signal, upstream), {
    model: admission.model,
    promptTokens: billedPrompt,
    // The provider counts what reached it; compared with the sent count, every request the
    // context policy truncated was flagged as a count mismatch.
    promptTokensReachingModel: admission.promptTokensEffective,
    rate: toMeteringRate(admission.rate),
    signal,
  });
  const live = (): LiveUsage => {
    const now = meter.live();
    return {
      promptTokens: billedPrompt,
      completionTokens: now.completionTokens,
      costMicros: now.costMicrosSoFar,
      contextWindow: now.contextWindow,
      contextFill: Math.min(1, (admission.promptTokensEffective + now.completionTokens) / now.contextWindow),
    };
  };
  let replied!: (reply: ChatReply) => void;
  let failed!: (error: unknown) => void;
  const reply = new Promise<ChatReply>((resolve, reject) => ((replied = resolve), (failed = reject)));
  // A caller that only awaits `result` must not see an unhandled rejection from `reply`.
  reply.catch(() => {});
  const running = { meter, live, signal, stop, upstream, billedPrompt, replied };
  const result = run(deps, admission, options, running).finally(() => {
    clearTimeout(timeout);
    callerSignal?.removeEventListener("abort", onCallerAbort);
  });
  // A reply that ended with nothing billed resolves here; resolving twice is a no-op.
  result.then(replied, failed);
  return { requestId: admission.requestId, live, reply, result };
}

export function streamAdmitted(deps: ChatDeps, admission: Admission, options: StreamOptions = {}): Promise<ChatResult> {
  return startAdmitted(deps, admission, options).result;
}

/**
 * The upstream stream, noting what meterStream does not pass on (finish reason, delta count).
 * A hand-written iterator rather than an async generator: each delta then costs one `.then`
 * instead of a generator's own queue and promises, and this runs once per token.
 */
function tap(
  deps: ChatDeps,
  admission: Admission,
  signal: AbortSignal,
  seen: { finishReason: string | null; deltas: number },
): AsyncIterable<ChatStreamPart> {
  const sampling = samplingOf(admission.request);
  const source = deps.llm.streamChat({
    model: admission.model.id,
    messages: admission.messages,
    maxTokens: admission.maxCompletionTokens,
    ...(sampling ? { sampling } : {}),
    signal,
  });
  const note = (next: IteratorResult<ChatStreamPart, void>): IteratorResult<ChatStreamPart, void> => {
    if (!next.done) {
      if (next.value.finishReason !== undefined) seen.finishReason = next.value.finishReason;
      if (next.value.delta) seen.deltas++;
    }
    return next;
  };
  const iterator: AsyncIterator<ChatStreamPart, void> = {
    next: () => source.next().then(note),
    return: () => source.return(undefined),
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

type Running = {
  meter: MeteredStream;
  live: () => LiveUsage;
  signal: AbortSignal;
  stop: AbortController;
  upstream: { finishReason: string | null; deltas: number };
  billedPrompt: number;
  replied: (reply: ChatReply) => void;
};

async function run(deps: ChatDeps, admission: Admission, options: StreamOptions, r: Running): Promise<ChatResult> {
  const onPart = options.onPart ?? (() => {});
  // Before any checkpointer exists: one left running for a caller gone during admission would,
  // at its idle rewrite, bring back the checkpoint nothingBilled withdrew, and the worker would
  // bill the prompt of a request the model never saw.
  if (r.signal.aborted) return nothingBilled(deps, admission, "aborted", null, onPart);
  const writer = checkpointWriter(deps.db, admission, r.billedPrompt);
  const checkpointer = createCheckpointer(
    // Exact, not the live estimate: a crash bills what the checkpoint says.
    () => writer.write(r.meter.exactCompletionTokens()),
    options.checkpoint ?? defaultCheckpointPolicy,
    (error) => deps.onBackgroundError?.(error, "checkpoint"),
    writer.withdraw,
  );

  const consumerError = await forward(r, onPart, checkpointer, options.liveUsageEvery ?? { tokens: 16, ms: 250 });
  // A consumer that threw leaves the model talking: stop it. Otherwise the loop ended because the
  // model's stream did (or was stopped already), and there is nothing to abort; an abort nobody
  // needs still costs two DOMExceptions with their stack traces.
  if (consumerError !== null) {
    deps.onBackgroundError?.(consumerError, "consumer stopped the stream");
    r.stop.abort();
  }
  const metered = await r.meter.result;
  // No checkpoint starts from here on. One already in its statement must land before the usage
  // event (or it would outlive it), but the reply need not wait for it: that statement carries
  // the checkpoints of other streams too and may take a while under load.
  const checkpointsClosed = checkpointer.close();

  const failure = metered.status === "failed" ? toFailure(metered.error) : null;
  const status: ChatStatus =
    consumerError !== null || metered.status === "aborted"
      ? "aborted"
      : failure
        ? "failed"
        : r.upstream.finishReason === "length"
          ? "truncated"
          : "completed";
  // A provider that failed before producing anything did no work for us: nothing to bill.
  if (status === "failed" && r.upstream.deltas === 0) {
    await checkpointsClosed;
    return nothingBilled(deps, admission, "failed", failure, onPart);
  }

  const counts = ledgerCounts(admission, metered);
  const error = status === "failed" ? failure : null;
  if (error) await onPart({ type: "error", ...error });
  // The rate the reservation was computed with: no second read, and cost <= reservation.
  const pricing = {
    billPromptAs: admission.plan.bill_prompt_as,
    rate: { planId: admission.plan.id, model: admission.model.id, ...admission.rate },
  };
  // The ledger's cost, computed as recordUsage computes it, from the same pricing.
  const costMicros = costOfBilled(billedTokens(counts.measured, pricing.billPromptAs), pricing.rate);
  const reply: ChatReply = {
    requestId: admission.requestId,
    status,
    finishReason: r.upstream.finishReason,
    text: metered.text,
    usage: { ...counts.reply, costMicros },
    billed: true,
    droppedMessages: admission.droppedMessages,
    error,
  };
  // Nothing goes out before the request's first checkpoint is in (decision 116); it is written
  // while the model works, so this rarely waits.
  if (admission.checkpointWritten) await admission.checkpointWritten;
  r.replied(reply);
  await checkpointsClosed;
  const recorded = await recordWithRetry(deps, () =>
    recordUsage(deps.db, {
      ...requestOwner(admission),
      pricing,
      lease: admission.lease,
      status,
      ...counts.measured,
      countSource: metered.source,
      upstreamPromptTokens: metered.upstreamPromptTokens ?? null,
      upstreamCompletionTokens: metered.upstreamCompletionTokens ?? null,
      countMismatch: metered.mismatch,
      note: eventNote(admission, metered),
    }),
  );

  // A request already in the ledger (recovered by the worker meanwhile) keeps the cost written there.
  const result: ChatResult = { ...reply, usage: { ...reply.usage, costMicros: recorded?.costMicros ?? costMicros }, usageEventId: recorded?.id ?? null };
  afterUsage(deps, admission, result);
  await onPart({ type: "done", result });
  return result;
}

/**
 * The delta loop: forward, count (inside meterStream), maybe checkpoint (not awaited), maybe
 * send a live usage part. Returns what the consumer threw, if it did; the model's own failure
 * ends the loop and is read from the meter's result.
 */
async function forward(
  r: Running,
  onPart: OnPart,
  checkpointer: Checkpointer,
  every: { tokens: number; ms: number },
): Promise<unknown> {
  let chars = 0;
  let liveChars = 0;
  let liveAt = Date.now();
  try {
    await onPart({ type: "usage", usage: r.live() });
    for await (const delta of r.meter) {
      chars += delta.length;
      const pending = onPart({ type: "text", delta });
      if (pending) await unlessStopped(pending, r.signal);
      checkpointer.observe(chars / CHARS_PER_TOKEN);
      if (chars - liveChars >= every.tokens * CHARS_PER_TOKEN || Date.now() - liveAt >= every.ms) {
        liveChars = chars;
        liveAt = Date.now();
        const sent = onPart({ type: "usage", usage: r.live() });
        if (sent) await unlessStopped(sent, r.signal);
      }
    }
    return null;
  } catch (error) {
    return error instanceof LlmError ? null : error;
  }
}

/**
 * Waits for a consumer that is behind (a client not reading), but no longer than the run lives:
 * the time limit or the caller stopping the run must end it even while a consumer never catches
 * up, or the run, its reservation and its checkpoints would outlive the limit the cap relies on.
 * Only reached under backpressure; a consumer that keeps up returns nothing to wait for.
 */
function unlessStopped(pending: Promise<void>, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const stopped = () => resolve();
    signal.addEventListener("abort", stopped, { once: true });
    pending.then(
      () => {
        signal.removeEventListener("abort", stopped);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener("abort", stopped);
        reject(error);
      },
    );
  });
}

/** What the ledger row's columns cannot say: dropped messages, and our own count when the provider's differs. */
function eventNote(admission: Admission, metered: StreamMeterResult): string | null {
  const parts: string[] = [];
  if (admission.droppedMessages > 0) parts.push(`context policy dropped ${admission.droppedMessages} message(s)`);
  if (metered.mismatch) {
    parts.push(`local count: prompt ${admission.promptTokensEffective}, completion ${metered.completionTokens} (visible text)`);
  }
  return parts.length > 0 ? parts.join("; ") : null;
}
