import { recordUsage } from "@meterkit/billing";
import { LlmError } from "@meterkit/llm";
import type { CompletionUsage } from "openai/resources/completions";
import { releaseReservation } from "../limits/reservations";
import type { Admission } from "./admit";
import { toMeteringRate } from "./admit";
import { createCheckpointer, defaultCheckpointPolicy, type CheckpointPolicy } from "./checkpointer";
import { finalCounts } from "./final-counts";
import { afterUsage } from "./after-usage";
import { createLiveMeter } from "./live-meter";
import type { ChatDeps, ChatResult, ChatStatus, LiveUsage, OnPart } from "./types";
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
  result: Promise<ChatResult>;
};

/**
 * DESIGN §5 from the upstream call on. The delta loop forwards and counts only: checkpoints are
 * fire-and-forget and nothing on it awaits the network except the caller's own backpressure
 * (invariant 3). The usage event is written once, at the end, before `done` is delivered.
 */
export function startAdmitted(deps: ChatDeps, admission: Admission, options: StreamOptions = {}): ChatRun {
  const billedPrompt = admission.plan.bill_prompt_as === "effective" ? admission.promptTokensEffective : admission.promptTokensSent;
  const meter = createLiveMeter(admission.model, billedPrompt, toMeteringRate(admission.rate));
  const live = (): LiveUsage => ({
    promptTokens: billedPrompt,
    completionTokens: meter.completionTokens(),
    costMicros: meter.costMicros(),
    contextWindow: admission.model.contextWindow,
    contextFill: Math.min(1, (admission.promptTokensEffective + meter.completionTokens()) / admission.model.contextWindow),
  });
  const result = run(deps, admission, options, meter, live, billedPrompt);
  return { requestId: admission.requestId, live, result };
}

export function streamAdmitted(deps: ChatDeps, admission: Admission, options: StreamOptions = {}): Promise<ChatResult> {
  return startAdmitted(deps, admission, options).result;
}

async function run(
  deps: ChatDeps,
  admission: Admission,
  options: StreamOptions,
  meter: ReturnType<typeof createLiveMeter>,
  live: () => LiveUsage,
  billedPrompt: number,
): Promise<ChatResult> {
  const onPart = options.onPart ?? (() => {});
  const every = options.liveUsageEvery ?? { tokens: 16, ms: 250 };
  const stop = new AbortController();
  const signals = [stop.signal, AbortSignal.timeout(MAX_REQUEST_MS)];
  if (options.signal) signals.push(options.signal);
  const signal = AbortSignal.any(signals);
  const checkpointer = createCheckpointer(
    checkpointWriter(deps.db, admission, billedPrompt),
    options.checkpoint ?? defaultCheckpointPolicy,
    (error) => deps.onBackgroundError?.(error, "checkpoint"),
  );

  if (signal.aborted) return nothingBilled(deps, admission, "aborted", null);

  let finishReason: string | null = null;
  let upstreamUsage: CompletionUsage | null = null;
  let failure: LlmError | null = null;
  let aborted = false;
  let deltas = 0;
  let lastLiveTokens = 0;
  let lastLiveAt = Date.now();
  try {
    await onPart({ type: "usage", usage: live() });
    const source = deps.llm.streamChat({
      model: admission.model.id,
      messages: admission.messages,
      maxTokens: admission.maxCompletionTokens,
      signal,
    });
    for await (const part of source) {
      if (part.delta !== undefined) {
        deltas++;
        meter.add(part.delta);
        const pending = onPart({ type: "text", delta: part.delta });
        if (pending) await pending;
        const tokens = meter.completionTokens();
        checkpointer.observe(tokens);
        if (tokens - lastLiveTokens >= every.tokens || Date.now() - lastLiveAt >= every.ms) {
          lastLiveTokens = tokens;
          lastLiveAt = Date.now();
          const sent = onPart({ type: "usage", usage: live() });
          if (sent) await sent;
        }
      } else if (part.finishReason !== undefined) finishReason = part.finishReason;
      else if (part.usage !== undefined) upstreamUsage = part.usage;
    }
  } catch (error) {
    // The stream throws LlmError only; anything else came from the consumer, which then stops it.
    aborted = !(error instanceof LlmError) || error.code === "aborted" || signal.aborted;
    failure = error instanceof LlmError ? error : new LlmError("aborted", `The consumer stopped: ${String(error)}`, {}, { cause: error });
    stop.abort();
  }
  await checkpointer.close();

  const status: ChatStatus = failure
    ? aborted
      ? "aborted"
      : "failed"
    : finishReason === "length"
      ? "truncated"
      : "completed";
  // A provider that refused before producing anything did no work for us: nothing to bill.
  if (status === "failed" && deltas === 0) return nothingBilled(deps, admission, "failed", failure, onPart);

  const counts = finalCounts(admission, meter.finalCompletionTokens(), upstreamUsage);
  const error = failure && status === "failed" ? { code: failure.code, message: failure.message } : null;
  if (error) await onPart({ type: "error", ...error });
  const recorded = await recordWithRetry(deps, () =>
    recordUsage(deps.db, {
      requestId: admission.requestId,
      customerId: admission.customerId,
      userId: admission.userId,
      apiKeyId: admission.apiKeyId,
      conversationId: admission.conversationId,
      model: admission.model.id,
      planId: admission.plan.id,
      status,
      ...counts.measured,
      countSource: counts.countSource,
      upstreamPromptTokens: upstreamUsage?.prompt_tokens ?? null,
      upstreamCompletionTokens: upstreamUsage?.completion_tokens ?? null,
      countMismatch: counts.mismatch,
      note: admission.droppedMessages > 0 ? `context policy dropped ${admission.droppedMessages} message(s)` : null,
      startedAt: admission.startedAt,
    }),
  );

  const result: ChatResult = {
    requestId: admission.requestId,
    status,
    finishReason,
    text: meter.text(),
    usage: {
      promptTokens: billedPrompt,
      promptTokensSent: admission.promptTokensSent,
      promptTokensEffective: admission.promptTokensEffective,
      cachedPromptTokens: counts.measured.cachedPromptTokens,
      completionTokens: counts.measured.completionTokens,
      reasoningTokens: counts.measured.reasoningTokens,
      costMicros: recorded?.costMicros ?? 0,
    },
    usageEventId: recorded?.id ?? null,
    droppedMessages: admission.droppedMessages,
    error,
  };
  afterUsage(deps, admission, result);
  await onPart({ type: "done", result });
  return result;
}

async function nothingBilled(
  deps: ChatDeps,
  admission: Admission,
  status: "aborted" | "failed",
  failure: LlmError | null,
  onPart: OnPart = () => {},
): Promise<ChatResult> {
  if (admission.reservationId) await releaseReservation(deps.db, admission.requestId);
  const error = failure ? { code: failure.code, message: failure.message } : null;
  const result: ChatResult = {
    requestId: admission.requestId,
    status,
    finishReason: null,
    text: "",
    usage: {
      promptTokens: 0,
      promptTokensSent: admission.promptTokensSent,
      promptTokensEffective: admission.promptTokensEffective,
      cachedPromptTokens: 0,
      completionTokens: 0,
      reasoningTokens: 0,
      costMicros: 0,
    },
    usageEventId: null,
    droppedMessages: admission.droppedMessages,
    error,
  };
  if (error) await onPart({ type: "error", ...error });
  await onPart({ type: "done", result });
  return result;
}

/**
 * The ledger write is the one write a reply cannot do without; a brief database hiccup must not
 * lose it. If it still fails, the checkpoint (if any) is recovered by the worker and the held
 * reservation expires.
 */
async function recordWithRetry<T>(deps: ChatDeps, write: () => Promise<T>): Promise<T | null> {
  const delays = [50, 250, 1000];
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined) {
        deps.onBackgroundError?.(error, "record usage");
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
