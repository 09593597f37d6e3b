import { resolveModel } from "../catalog";
import type { ModelSpec, Rate } from "../catalog/types";
import { billedCostMicros } from "../cost";
import { assertValidRate } from "../rates";
import { assertValidUsage } from "../usage-formats";
import { textCounter } from "../tokens/encodings";
import type { OpenAIUsage } from "../usage-formats";
import { LiveTokenCounter } from "./live-token-counter";
import { buildStreamResult, type StreamMeterResult, type StreamStatus } from "./stream-result";

/** What an upstream stream yields: a text delta, or a chunk with a delta and/or a usage report. */
export type StreamChunk = string | { delta?: string | null; usage?: OpenAIUsage | null };

export type StreamMeterOptions = {
  model: string | ModelSpec;
  /** The request's prompt tokens as counted before sending (countChatTokens / applyContextPolicy). */
  promptTokens: number;
  /**
   * The prompt tokens that reach the model, which its usage report counts: fewer than
   * `promptTokens` when the context policy dropped messages and the plan bills the prompt as
   * sent. The report is compared with this. Default: `promptTokens`.
   */
  promptTokensReachingModel?: number;
  /** The plan's rate; the model's catalog rate when omitted. */
  rate?: Rate;
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

/**
 * The synchronous core of stream metering, for a loop that forwards chunks itself: `push`
 * each chunk as it arrives (constant work per character, no I/O), forward the text it
 * returns, read `live()` whenever, and call `finish` once the stream ends, is aborted or
 * fails. meterStream wraps this for async iterables.
 */
export class StreamMeter {
  readonly model: ModelSpec;
  readonly rate: Rate;
  readonly promptTokens: number;
  private readonly promptTokensReachingModel: number;
  private readonly counter: LiveTokenCounter;
  private upstreamUsage: OpenAIUsage | undefined;
  private outcome: StreamMeterResult | undefined;
  private lastLive: LiveUsage | undefined;

  constructor(options: StreamMeterOptions) {
    this.model = resolveModel(options.model);
    this.rate = options.rate ?? this.model.defaultRate;
    this.promptTokens = options.promptTokens;
    this.promptTokensReachingModel = options.promptTokensReachingModel ?? options.promptTokens;
    // Checked once here, so live() (often called per delta) only multiplies and rounds.
    assertValidRate(this.rate);
    assertValidUsage({ uncachedInput: this.promptTokens, cachedInput: 0, output: 0, reasoning: 0 });
    this.counter = new LiveTokenCounter(textCounter(this.model.encoding));
  }

  /** Records a chunk and returns its text to forward, or null when it carries none (a usage report). */
  push(chunk: StreamChunk): string | null {
    if (this.outcome) return null; // after finish nothing more is delivered, so nothing more is billed
    const delta = typeof chunk === "string" ? chunk : chunk.delta;
    if (typeof chunk !== "string" && chunk.usage) this.upstreamUsage = chunk.usage;
    if (typeof delta !== "string" || delta.length === 0) return null;
    this.counter.append(delta);
    return delta;
  }

  /** Usage so far (a snapshot: the same object is returned until the count moves, so do not mutate it). */
  live(): LiveUsage {
    const completionTokens = this.counter.live();
    if (this.lastLive?.completionTokens === completionTokens) return this.lastLive;
    const promptTokens = this.promptTokens;
    const costMicrosSoFar = billedCostMicros(promptTokens, 0, completionTokens, this.rate);
    const totalTokens = promptTokens + completionTokens;
    this.lastLive = { promptTokens, completionTokens, totalTokens, costMicrosSoFar, contextTokens: totalTokens, contextWindow: this.model.contextWindow };
    return this.lastLive;
  }

  /**
   * The exact count of the text delivered so far: what a checkpoint records, since a crash bills
   * it. `live()` estimates the unsettled tail, and a run with no settle point (a long line of
   * dashes) can be estimated several times too high; this tokenizes the tail instead.
   */
  exactCompletionTokens(): number {
    return this.counter.exact();
  }

  get finished(): boolean {
    return this.outcome !== undefined;
  }

  /** The final, exact result. Only the first call decides; later calls return the same result. */
  finish(status: StreamStatus, error?: unknown): StreamMeterResult {
    this.outcome ??= buildStreamResult({
      status,
      text: this.counter.text(),
      completionTokens: this.counter.exact(),
      promptTokens: this.promptTokens,
      promptTokensReachingModel: this.promptTokensReachingModel,
      rate: this.rate,
      upstreamUsage: this.upstreamUsage,
      error,
    });
    return this.outcome;
  }
}
