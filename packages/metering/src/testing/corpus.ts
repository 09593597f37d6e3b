/**
 * Deterministic mixed text for tests and benchmarks: prose, markdown, code, JSON, number
 * tables, CJK, emoji and accented text, generated from a seed (no downloads, same text on
 * every machine). Realistic enough that tokenizer behaviour at chunk borders shows up.
 */

/** mulberry32: a tiny seeded PRNG, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
const int = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));
const repeat = (rng: Rng, min: number, max: number, make: () => string, sep: string) =>
  Array.from({ length: int(rng, min, max) }, make).join(sep);

const WORDS = (
  "the a of to and in is it that for on with as was by this be are from at or an have not but what all were when " +
  "we there can your which their said if do will each about how up out them then she many some so these would other " +
  "into has more her two like him see time could no make than first been its who now people my made over did down " +
  "only way find use may water long little very after words called just where most know get through back much before " +
  "go good new write our used me man too any day same right look think also around another came come work three word " +
  "must because does part even place well such here take why help put different away again off went old number great " +
  "tell men say small every found still between name should home big give air line set own under read last never us " +
  "left end along while might next sound below saw something thought both few those always looked show large often " +
  "together asked house don't world going want school important until form food keep children feet land side without " +
  "boy once animals life enough took sometimes four head above kind began almost live page got earth need far hand high " +
  "year mother light parts country father let night following picture being study second eyes soon times story boys " +
  "since white days ever paper hard near sentence better best across during today others however sure means knew it's " +
  "try told young miles sun ways thing whole hear example heard several change answer room sea against top turned learn " +
  "point city play toward five using himself usually money seen didn't car morning I'm body upon family later turn move " +
  "metering invoice tokens billing customer subscription usage ledger reconciliation Stripe OpenAI gpt-4o latency"
).split(" ");

function sentence(rng: Rng): string {
  const words = Array.from({ length: int(rng, 4, 18) }, () => pick(rng, WORDS));
  if (rng() < 0.3) words.splice(int(rng, 1, words.length - 1), 0, `${pick(rng, WORDS)},`);
  if (rng() < 0.1) words.push(`(${pick(rng, WORDS)} ${int(rng, 1, 999)})`);
  const text = words.join(" ");
  return text[0]!.toUpperCase() + text.slice(1) + pick(rng, [".", ".", ".", "?", "!", ":"]);
}

const prose = (rng: Rng) => repeat(rng, 2, 5, () => repeat(rng, 2, 6, () => sentence(rng), " "), "\n\n");

const markdown = (rng: Rng) =>
  `## ${sentence(rng).slice(0, -1)}\n\n` +
  repeat(rng, 2, 6, () => `- **${pick(rng, WORDS)}**: ${sentence(rng)} Use \`${pick(rng, WORDS)}()\`.`, "\n") +
  `\n\n> ${sentence(rng)}\n`;

function identifier(rng: Rng): string {
  const parts = Array.from({ length: int(rng, 1, 3) }, () => pick(rng, WORDS).replace(/[^a-z]/gi, "") || "x");
  return parts.map((p, i) => (i === 0 ? p.toLowerCase() : p[0]!.toUpperCase() + p.slice(1))).join("");
}

function code(rng: Rng): string {
  const fn = identifier(rng);
  const lines = [`export async function ${fn}(${identifier(rng)}: string, limit = ${int(rng, 1, 500)}) {`];
  for (let i = int(rng, 3, 10); i > 0; i--) {
    const indent = "  ".repeat(int(rng, 1, 3));
    lines.push(
      indent +
        pick(rng, [
          `const ${identifier(rng)} = await ${identifier(rng)}(${int(rng, 0, 99)}, "${pick(rng, WORDS)}");`,
          `if (${identifier(rng)} >= ${int(rng, 1, 4096)}) return null;`,
          `// ${sentence(rng)}`,
          `for (let i = 0; i < ${identifier(rng)}.length; i++) total += rows[i]!.value * 1_000_000n;`,
          `${identifier(rng)}.push({ id: \`\${prefix}-\${i}\`, ok: true });`,
          `} else {`,
          `throw new Error(\`${sentence(rng)}\`);`,
        ]),
    );
  }
  lines.push("}");
  return "```ts\n" + lines.join("\n") + "\n```";
}

function json(rng: Rng): string {
  const make = (depth: number): unknown => {
    const obj: Record<string, unknown> = {};
    for (let i = int(rng, 2, 6); i > 0; i--) {
      const key = identifier(rng);
      const r = rng();
      obj[key] =
        depth < 2 && r < 0.2 ? make(depth + 1) : r < 0.4 ? int(rng, -5000, 5000) : r < 0.5 ? rng() * 1000 : r < 0.6 ? rng() < 0.5 : r < 0.65 ? null : sentence(rng);
    }
    return obj;
  };
  return JSON.stringify(make(0), null, 2);
}

const numbers = (rng: Rng) =>
  "date,requests,tokens,cost_usd,p95_ms\n" +
  repeat(rng, 4, 12, () => `2026-${String(int(rng, 1, 12)).padStart(2, "0")}-${String(int(rng, 1, 28)).padStart(2, "0")},${int(rng, 0, 99999)},${int(rng, 0, 9_999_999)},${(rng() * 500).toFixed(4)},${int(rng, 20, 900)}`, "\n");

const HANZI = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明社";
const KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをんアイウエオカキクケコサシスセソ";

function cjk(rng: Rng): string {
  const run = (alphabet: string) => Array.from({ length: int(rng, 4, 16) }, () => alphabet[int(rng, 0, alphabet.length - 1)]).join("");
  return repeat(rng, 2, 4, () => repeat(rng, 2, 6, () => run(rng() < 0.7 ? HANZI : KANA) + pick(rng, ["，", "。", "、", "！", "？"]), ""), "\n");
}

const EMOJI = ["😀", "🚀", "🔥", "✅", "💸", "📈", "👩‍💻", "👨‍👩‍👧", "👍🏽", "🇫🇷", "🇯🇵", "❤️", "🤖", "✨", "🧾"];
const emoji = (rng: Rng) =>
  repeat(rng, 3, 8, () => `${sentence(rng)} ${repeat(rng, 1, 4, () => pick(rng, EMOJI), rng() < 0.5 ? "" : " ")}`, "\n");

const ACCENTED = "café naïve über straße mañana déjà vu crème brûlée Ærøskøbing façade São Paulo Zürich garçon résumé piñata Ångström Łódź Dvořák fiancée jalapeño Ελλάδα Москва coöperate".split(" ");
const accented = (rng: Rng) =>
  repeat(rng, 3, 8, () => {
    const words = Array.from({ length: int(rng, 5, 14) }, () => (rng() < 0.45 ? pick(rng, ACCENTED) : pick(rng, WORDS)));
    // Some text arrives decomposed (e + combining acute), as pasted text often is.
    return words.join(" ").replace(/é/g, () => (rng() < 0.3 ? "e\u0301" : "é")) + ".";
  }, " ");

const sections = [prose, prose, markdown, code, json, numbers, cjk, emoji, accented];

/** About `targetChars` UTF-16 code units of mixed text; the same seed always gives the same text. */
export function generateCorpus(targetChars: number, seed = 2026): string {
  const rng = seededRandom(seed);
  const out: string[] = [];
  let length = 0;
  while (length < targetChars) {
    const section = pick(rng, sections)(rng) + "\n\n";
    out.push(section);
    length += section.length;
  }
  return out.join("");
}

/** Splits text into deltas of minLen..maxLen code units, never inside a surrogate pair. */
export function chunkText(text: string, minLen: number, maxLen: number, seed = 7): string[] {
  const rng = seededRandom(seed);
  const chunks: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + int(rng, minLen, maxLen));
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end++;
    chunks.push(text.slice(i, end));
    i = end;
  }
  return chunks;
}
