/**
 * Composes the demo model's reply: readable, deterministic for a given conversation, and
 * loosely about the last user message (its longer words become the topic).
 */
import { hashString, seededRandom, type Random } from "./random";
import { countTokens, type CountableMessage } from "./tokens";
import * as words from "./vocabulary";

export type ReplyLength = { minTokens: number; maxTokens: number };

export function composeReply(messages: readonly CountableMessage[], length: ReplyLength): string {
  const random = seededRandom(hashString(JSON.stringify(messages.map((m) => [m.role, m.name ?? "", m.content]))));
  const lastUser = [...messages].reverse().find((m) => m.role === "user")?.content ?? "";
  if (/\b(chart|graph)\b/i.test(lastUser)) return words.chartReply;

  const topics = topicWords(lastUser);
  const fill = (frame: string) => fillFrame(frame, random, topics);
  const target = random.int(length.minTokens, Math.max(length.minTokens, length.maxTokens));

  const paragraphs: string[] = [];
  let estimate = 0;
  const add = (paragraph: string) => {
    paragraphs.push(paragraph);
    estimate += countTokens(paragraph) + 1;
  };
  const unused = [...words.statements];
  const statement = () => {
    if (unused.length === 0) unused.push(...words.statements);
    const [frame] = unused.splice(random.int(0, unused.length - 1), 1);
    return fill(frame ?? words.statements[0]);
  };
  const sentences = (count: number) => Array.from({ length: count }, statement).join(" ");

  add(`${fill(random.pick(words.openers))} ${sentences(random.int(1, 3))}`);
  let lastWasList = true; // no list straight after the opening paragraph
  while (estimate < target) {
    const makeList: boolean = !lastWasList && random.chance(0.35);
    add(makeList ? list(random, fill) : sentences(random.int(2, 4)));
    lastWasList = makeList;
  }
  paragraphs.push(fill(random.pick(words.closers)));
  return paragraphs.join("\n\n");
}

function list(random: Random, fill: (frame: string) => string): string {
  const items = [...words.listItems];
  const numbered = random.chance(0.5);
  const lines = Array.from({ length: random.int(3, 4) }, (_, i) => {
    const [frame] = items.splice(random.int(0, items.length - 1), 1);
    return `${numbered ? `${i + 1}.` : "-"} ${fill(frame ?? words.listItems[0])}`;
  });
  return `${random.pick(words.listIntros)}\n${lines.join("\n")}`;
}

/** Up to three distinct ASCII words of the message, longest first, skipping filler words. */
export function topicWords(message: string): string[] {
  const candidates = (message.toLowerCase().match(/[a-z]+/g) ?? []).filter(
    (w) => w.length >= 4 && w.length <= 24 && !words.stopWords.has(w),
  );
  const distinct = [...new Set(candidates)];
  return distinct.sort((a, b) => b.length - a.length).slice(0, 3);
}

function fillFrame(frame: string, random: Random, topics: readonly string[]): string {
  const topic = () => (topics.length > 0 ? random.pick(topics) : random.pick(words.fallbackTopics));
  const slots: Record<string, () => string> = {
    topic,
    noun: () => random.pick(words.nouns),
    adj: () => random.pick(words.adjectives),
    adj2: () => random.pick(words.adjectives),
    verb: () => random.pick(words.verbs),
    adv: () => random.pick(words.adverbs),
  };
  const filled = frame.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = slots[name.toLowerCase()]?.() ?? name;
    return name[0] === name[0]?.toUpperCase() ? capitalize(value) : value;
  });
  return capitalize(filled);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
