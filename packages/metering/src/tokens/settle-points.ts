/**
 * Settle points: positions p where tokenization provably splits, for o200k_base and cl100k_base:
 * count(text) = count(text[..p)) + count(text[p..)), whatever text follows. BPE merges only inside
 * the pieces of the encoding's pre-split regex, so p is safe when the regex pieces of the whole
 * text are the pieces of the two halves: no piece spans p, and nothing before p looks past it.
 * The proof for each rule is in docs/decisions/012-stream-meter.md; the property tests in
 * settle-points.test.ts check it against both regexes.
 *
 * Rule 1: a letter, then a character that is not a letter, not a combining mark, not an
 *   apostrophe (contractions glue to the word) and not half of a surrogate pair.
 *   Every pattern that contains a letter ends at the last letter (or its contraction suffix),
 *   so no piece continues past it; `the| cat`, `word|.`, `猫|。`, `abc|123`.
 * Rule 2: a digit (any \p{N}), then a character that is not one and not a surrogate half.
 *   No pattern puts a number character in the same piece as anything but other number
 *   characters, and a run of them is cut into threes from its start, so where it ends does not
 *   change how it is cut: `2026|-|08`, `12|,`, `3|px`.
 * Rule 3: a newline, then optional spaces/tabs, then a non-whitespace character that is not a
 *   '/' directly after the newline (o200k's punctuation pattern swallows trailing "\n/").
 *   A whitespace run ending in "\n" is one piece up to that newline whatever follows, as long
 *   as the run does not go on to another line break.
 */

const LETTER = 1;
const MARK = 2;
const SPACE = 4;
const SURROGATE = 8;
const NUMBER = 16;
const APOSTROPHE = 0x27;
const NEWLINE = 0x0a;
const SLASH = 0x2f;
/** Indentation longer than this after a newline is not examined; the point is skipped. */
export const MAX_INDENT = 64;

let classes: Uint8Array | undefined;

/** One byte of character classes per UTF-16 code unit, built once on first use (~a few ms). */
function characterClasses(): Uint8Array {
  if (classes) return classes;
  const table = new Uint8Array(0x10000);
  let all = "";
  for (let code = 0; code < 0x10000; code++) {
    if (code >= 0xd800 && code <= 0xdfff) table[code] = SURROGATE;
    else all += String.fromCharCode(code);
  }
  const mark = (pattern: RegExp, bit: number) => {
    for (const match of all.matchAll(pattern)) {
      const code = match[0].charCodeAt(0);
      table[code] = (table[code] ?? 0) | bit;
    }
  };
  mark(/\p{L}/gu, LETTER);
  mark(/\p{M}/gu, MARK);
  mark(/\p{N}/gu, NUMBER);
  mark(/\s/g, SPACE);
  classes = table;
  return table;
}

/**
 * The last settle point p with max(from, 1) ≤ p < text.length, or -1. Searching backwards
 * from the end usually stops within a word of it, so finding a cut costs a few characters,
 * not a pass over the text; `from` lets a caller skip a stretch it already knows has none.
 */
export function lastSettlePoint(text: string, from = 1): number {
  const floor = from < 1 ? 1 : from;
  for (let p = text.length - 1; p >= floor; p--) if (isSettlePoint(text, p) === true) return p;
  return -1;
}

/** Whether 1 ≤ p < text.length is a settle point; null when that depends on text not yet there. */
export function isSettlePoint(text: string, p: number): boolean | null {
  const cls = classes ?? characterClasses();
  const prev = text.charCodeAt(p - 1);
  const cur = text.charCodeAt(p);
  const before = cls[prev]!;
  if ((before & LETTER) !== 0) return (cls[cur]! & (LETTER | MARK | SURROGATE)) === 0 && cur !== APOSTROPHE;
  if ((before & NUMBER) !== 0) return (cls[cur]! & (NUMBER | SURROGATE)) === 0;
  if (prev !== NEWLINE) return false;
  let q = p;
  while (q < text.length && q - p < MAX_INDENT && isIndent(text.charCodeAt(q))) q++;
  if (q === text.length) return null;
  const first = text.charCodeAt(q);
  return (cls[first]! & SPACE) === 0 && (q > p || first !== SLASH);
}

function isIndent(code: number): boolean {
  return code === 0x20 || code === 0x09;
}
