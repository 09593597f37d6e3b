import { resolveModel } from "../catalog";
import type { ModelSpec } from "../catalog/types";
import { textCounter, type TextCounter } from "../tokens/encodings";
import { lastSettlePoint, MAX_INDENT } from "../tokens/settle-points";

// A segment is counted once it reaches this size: the cost of a tokenizer call is spread over
// many characters while the unsettled tail stays a small share (~1/512) of the text, which
// bounds the live estimate's error even when the tail's script differs from what came before.
const MIN_SEGMENT_CHARS = 16;
const SEGMENT_SHARE = 512;
const MAX_SEGMENT_CHARS = 8_192;
// Below this much settled text the live count is exact (the short tail is recounted on
// demand), so short answers get an exact meter for a small, bounded cost.
const EXACT_LIVE_BELOW_CHARS = 8_192;
const EXACT_TAIL_MAX_CHARS = 512;
// Segments shorter than this say little about the text's tokens per character.
const RATIO_MIN_CHARS = 64;

/**
 * Counts the tokens of a text that arrives in pieces, with constant work per character.
 * The text is cut only at settle points (tokens/settle-points.ts), where the token count of
 * the whole equals the sum of the parts, so `settled + count(tail)` IS the exact count of the
 * full text: each character is tokenized once, and the final count is one pass over the tail.
 * `live()` adds an estimate of the short tail to the exact settled count.
 */
export class LiveTokenCounter {
  private readonly segments: string[] = [];
  private settledTokens = 0;
  private settledChars = 0;
  private tail = "";
  private settleAt = MIN_SEGMENT_CHARS;
  /** Positions of the tail below this are known to hold no settle point. */
  private searchFrom = 1;
  private tokensPerChar = 0.25;
  private exactTail: { chars: number; tokens: number } | null = null;

  constructor(private readonly count: TextCounter) {}

  append(delta: string): void {
    if (delta.length === 0) return;
    this.tail += delta;
    if (this.tail.length >= this.settleAt) this.trySettle();
  }

  // Looking for a cut only when a segment is due, backwards from the end, keeps the work per
  // delta constant: no character is examined twice except in a tail with no point at all.
  private trySettle(): void {
    const point = lastSettlePoint(this.tail, this.searchFrom);
    if (point > 0) return this.settle(point);
    // None yet (one long line, say): look again after a quarter more text, not on every delta.
    this.searchFrom = Math.max(1, this.tail.length - MAX_INDENT - 1);
    this.settleAt = this.tail.length + Math.max(MIN_SEGMENT_CHARS, this.tail.length >> 2);
  }

  /** Tokens so far: exact for short texts, else the exact settled count plus an estimated tail. */
  live(): number {
    const chars = this.tail.length;
    if (chars === 0) return this.settledTokens;
    const memo = this.exactTail;
    if (memo?.chars === chars) return this.settledTokens + memo.tokens;
    if (this.settledChars < EXACT_LIVE_BELOW_CHARS && chars <= EXACT_TAIL_MAX_CHARS) return this.settledTokens + this.recountTail();
    if (memo === null) {
      if (chars <= MAX_SEGMENT_CHARS) return this.settledTokens + Math.round(chars * this.tokensPerChar);
      return this.settledTokens + this.recountTail();
    }
    // A tail with no settle point in it (one huge line, say) is recounted each time it doubles:
    // the amortized cost stays linear and the estimate never covers more than half of it.
    if (chars > MAX_SEGMENT_CHARS && chars >= 2 * memo.chars) return this.settledTokens + this.recountTail();
    const ratio = memo.chars >= RATIO_MIN_CHARS ? memo.tokens / memo.chars : this.tokensPerChar;
    return this.settledTokens + memo.tokens + Math.round((chars - memo.chars) * ratio);
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

  private settle(point: number): void {
    const segment = this.tail.slice(0, point);
    const tokens = this.count(segment);
    this.segments.push(segment);
    this.settledTokens += tokens;
    this.settledChars += point;
    if (point >= RATIO_MIN_CHARS) this.tokensPerChar = tokens / point;
    this.tail = this.tail.slice(point);
    this.searchFrom = 1;
    this.exactTail = null;
    this.settleAt = Math.min(MAX_SEGMENT_CHARS, Math.max(MIN_SEGMENT_CHARS, Math.floor(this.settledChars / SEGMENT_SHARE)));
  }

  private recountTail(): number {
    const tokens = this.count(this.tail);
    this.exactTail = { chars: this.tail.length, tokens };
    return tokens;
  }
}

/** A live counter for a model's encoding (what meterStream uses; exposed for other streaming paths). */
export function createLiveTokenCounter(model: string | ModelSpec): LiveTokenCounter {
  return new LiveTokenCounter(textCounter(resolveModel(model).encoding));
}
