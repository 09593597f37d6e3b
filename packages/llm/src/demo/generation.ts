/**
 * Turns a composed reply into what the server actually sends: the text cut at the token limit
 * and split into token-sized deltas, with the exact completion count.
 */
import { hashString, seededRandom } from "./random";
import { countTokens, decodeTokens, encodeText } from "./tokens";

export type Delta = { text: string; tokens: number };

export type Generation = {
  text: string;
  /** Consecutive pieces of `text`, each 1 to 3 tokens long, as a real model streams them. */
  deltas: Delta[];
  completionTokens: number;
  finishReason: "stop" | "length";
};

export function planGeneration(reply: string, maxTokens: number | undefined): Generation {
  const tokens = encodeText(reply);
  const limited = maxTokens !== undefined && maxTokens < tokens.length;
  const kept = limited ? tokens.slice(0, prefixLengthCounting(tokens, maxTokens)) : tokens;
  const text = decodeTokens(kept);
  return {
    text,
    deltas: splitIntoDeltas(kept, hashString(text)),
    // Counted on the whole text, never summed per delta: that is what billing compares against.
    completionTokens: countTokens(text),
    finishReason: limited ? "length" : "stop",
  };
}

/**
 * How many leading tokens to keep so that the kept text re-tokenizes to exactly `limit` tokens.
 * For ordinary text that is `limit` itself; the search covers the rare cut where merging across
 * the border changes the count, so the reported count always equals a recount of the text.
 */
function prefixLengthCounting(tokens: readonly number[], limit: number): number {
  const recount = (n: number) => countTokens(decodeTokens(tokens.slice(0, n)));
  if (recount(limit) === limit) return limit;
  for (let offset = 1; offset <= 4; offset++) {
    for (const n of [limit - offset, limit + offset]) {
      if (n > 0 && n <= tokens.length && recount(n) === limit) return n;
    }
  }
  // Never exceed the limit: fall back to the longest shorter prefix.
  let n = limit - 1;
  while (n > 0 && recount(n) > limit) n--;
  return n;
}

function splitIntoDeltas(tokens: readonly number[], seed: number): Delta[] {
  const random = seededRandom(seed);
  const deltas: Delta[] = [];
  for (let i = 0; i < tokens.length; ) {
    const piece = tokens.slice(i, i + random.int(1, 3));
    deltas.push({ text: decodeTokens(piece), tokens: piece.length });
    i += piece.length;
  }
  return deltas;
}
