import { resolveModel } from "../catalog";
import type { ModelSpec } from "../catalog/types";
import { textCounter, type TextCounter } from "../tokens/encodings";
import { lastSettlePoint, MAX_INDENT } from "../tokens/settle-points";
import { tokenWeight } from "../tokens/token-weights";

// A segment is tokenized once it reaches this size. Few, large tokenizer calls cost least; the
// unsettled tail stays a small share (~1/128) of the text, which bounds the live estimate's error.
const MIN_SEGMENT_CHARS = 16;
const SEGMENT_SHARE = 128;
const MAX_SEGMENT_CHARS = 16_384;
// A tail in which no settle point was found (a long line of dashes, a table rule) is recounted
// from this size on, each time it doubles: its characters may pack into far fewer tokens than
// the calibration of ordinary text says.
const RECOUNT_FROM_CHARS = 128;

/**
 * Counts the tokens of a text that arrives in pieces, with constant work per character.
 * The text is cut only at settle points (tokens/settle-points.ts), where the token count of
 * the whole equals the sum of the parts, so `settled + count(tail)` IS the exact count of the
 * full text: each character is tokenized once, and the final count is one pass over the tail.
 * `live()` adds an estimate of the tail (script-aware weights, calibrated on the exact counts
 * of earlier segments) to the exact settled count.
 */
export class LiveTokenCounter {
  private readonly segments: string[] = [];
  private settledTokens = 0;
  private settledChars = 0;
  private tail = "";
  /** Weighted length of the tail (see token-weights.ts). */
  private tailWeight = 0;
  /** Tokens per unit of weight, learned from settled segments. */
  private calibration = 1 / 100;
  private settleAt = MIN_SEGMENT_CHARS;
  /** Positions of the tail below this are known to hold no settle point. */
  private searchFrom = 1;
  /** Exact count of the tail's first `chars` characters, when it was recounted. */
  private exactTail: { chars: number; weight: number; tokens: number } | null = null;
  /** The last look for a settle point in the tail found none. */
  private tailHasNoPoint = false;

  constructor(private readonly count: TextCounter) {}

  append(delta: string): void {
    if (delta.length === 0) return;
    this.tail += delta;
    this.tailWeight += tokenWeight(delta);
    if (this.tail.length >= this.settleAt) this.trySettle();
  }

  /**
   * Tokens so far: the exact settled count plus an estimate of the short tail. The tail is never
   * tokenized here: its last word is usually cut in half, and tokenizing half-words on every call
   * would fill the tokenizer's merge cache with fragments that never occur again.
   */
  live(): number {
    const chars = this.tail.length;
    if (chars === 0) return this.settledTokens;
    const memo = this.exactTail;
    if (memo?.chars === chars) return this.settledTokens + memo.tokens;
    // A tail with no settle point in it (one huge line, say) is recounted each time it doubles:
    // the amortized cost stays linear and the estimate never covers more than half of it.
    const long = chars > MAX_SEGMENT_CHARS || (this.tailHasNoPoint && chars >= RECOUNT_FROM_CHARS);
    if (long && (memo === null || chars >= 2 * memo.chars)) return this.settledTokens + this.recountTail();
    if (memo === null) return this.settledTokens + Math.round(this.tailWeight * this.calibration);
    // The rest of such a tail is most like its own counted start, not like the text before it.
    const ratio = memo.weight > 0 ? memo.tokens / memo.weight : this.calibration;
    return this.settledTokens + memo.tokens + Math.round((this.tailWeight - memo.weight) * ratio);
  }

  /** The exact token count of everything appended (one tokenization of the unsettled tail). */
  exact(): number {
    const chars = this.tail.length;
    if (chars === 0) return this.settledTokens;
    return this.settledTokens + (this.exactTail?.chars === chars ? this.exactTail.tokens : this.recountTail());
  }

  /** Everything appended, in order. */
  text(): string {
    return this.segments.length === 0 ? this.tail : this.segments.join("") + this.tail;
  }

  get chars(): number {
    return this.settledChars + this.tail.length;
  }

  // Looking for a cut only when a segment is due, backwards from the end, keeps the work per
  // delta constant: no character is examined twice except in a tail with no point at all.
  private trySettle(): void {
    const point = lastSettlePoint(this.tail, this.searchFrom);
    if (point > 0) return this.settle(point);
    // None yet (one long line, say): look again after a quarter more text, not on every delta.
    this.tailHasNoPoint = true;
    this.searchFrom = Math.max(1, this.tail.length - MAX_INDENT - 1);
    this.settleAt = this.tail.length + Math.max(MIN_SEGMENT_CHARS, this.tail.length >> 2);
  }

  private settle(point: number): void {
    const segment = this.tail.slice(0, point);
    const rest = this.tail.slice(point);
    const tokens = this.count(segment);
    const restWeight = tokenWeight(rest);
    const segmentWeight = this.tailWeight - restWeight;
    // Recent text predicts the tail best: blend each segment's exact ratio in, weighted by size.
    if (segmentWeight > 0) {
      const share = Math.min(1, segmentWeight / 20_000);
      this.calibration += share * (tokens / segmentWeight - this.calibration);
    }
    this.segments.push(segment);
    this.settledTokens += tokens;
    this.settledChars += point;
    this.tail = rest;
    this.tailWeight = restWeight;
    this.searchFrom = 1;
    this.exactTail = null;
    this.tailHasNoPoint = false;
    this.settleAt = Math.min(MAX_SEGMENT_CHARS, Math.max(MIN_SEGMENT_CHARS, Math.floor(this.settledChars / SEGMENT_SHARE)));
  }

  private recountTail(): number {
    const tokens = this.count(this.tail);
    this.exactTail = { chars: this.tail.length, weight: this.tailWeight, tokens };
    return tokens;
  }
}

/** A live counter for a model's encoding (what StreamMeter uses; exposed for other streaming paths). */
export function createLiveTokenCounter(model: string | ModelSpec): LiveTokenCounter {
  return new LiveTokenCounter(textCounter(resolveModel(model).encoding));
}
