/**
 * A cheap, tokenizer-free guess of how many tokens a stretch of text holds, used only for the
 * few hundred characters of a live count that are not tokenized yet. Each UTF-16 code unit gets
 * a weight (≈ tokens per character × 100) by script: English words average ~4.5 characters a
 * token, digits go in threes, CJK is close to a token per character, emoji about one per code
 * unit. The stream meter calibrates the weights against exact counts as it goes, so they only
 * need to be right relative to each other.
 */
let weights: Uint8Array | undefined;

function weightTable(): Uint8Array {
  if (weights) return weights;
  const table = new Uint8Array(0x10000).fill(60); // other scripts, symbols
  const range = (from: number, to: number, weight: number) => table.fill(weight, from, to + 1);
  range(0x00, 0x7f, 90); // ASCII punctuation: mostly a token each
  range(0x41, 0x5a, 22); // A-Z
  range(0x61, 0x7a, 22); // a-z
  range(0x30, 0x39, 34); // digits
  table[0x20] = 5; // a space usually rides on the next word's token
  table[0x0a] = 30;
  range(0xc0, 0x24f, 45); // Latin-1 and Latin Extended letters
  range(0x370, 0x52f, 45); // Greek, Cyrillic
  range(0x3000, 0x9fff, 90); // CJK punctuation, kana, ideographs
  range(0xac00, 0xd7af, 90); // Hangul
  range(0xd800, 0xdfff, 75); // surrogate halves: emoji and other astral characters
  weights = table;
  return table;
}

/** Weighted length of `text` (× 100 tokens), see above. */
export function tokenWeight(text: string): number {
  const table = weights ?? weightTable();
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += table[text.charCodeAt(i)]!;
  return sum;
}
