/** Varied, reproducible conversations for the demo model's tests. */
import { seededRandom } from "./random";

export type TestMessage = { role: "system" | "developer" | "user" | "assistant"; content: string; name?: string };

const fragments = [
  "How should I price tokens for my customers?",
  "Explain invoices like I am five.",
  "café, naïve, 東京, emoji 🎉 and <|endoftext|> all in one line",
  "   leading and trailing spaces   ",
  "line one\nline two\n\n- a list item",
  "Write a haiku about metering.",
  "{\"json\": [1, 2, 3], \"nested\": {\"ok\": true}}",
  "What is 12345678901234567890 divided by 7?",
  "",
  "short",
];

export function randomConversation(seed: number): TestMessage[] {
  const random = seededRandom(seed);
  const messages: TestMessage[] = [];
  if (random.chance(0.5)) messages.push({ role: random.chance(0.5) ? "system" : "developer", content: "You are terse." });
  const turns = random.int(1, 4);
  for (let turn = 0; turn < turns; turn++) {
    const parts = Array.from({ length: random.int(1, 3) }, () => random.pick(fragments));
    const user: TestMessage = { role: "user", content: `${parts.join(" ")} #${seed}` };
    if (random.chance(0.25)) user.name = random.pick(["ada", "bob_2", "Zoë"]);
    messages.push(user);
    if (turn < turns - 1) messages.push({ role: "assistant", content: random.pick(fragments) });
  }
  return messages;
}
