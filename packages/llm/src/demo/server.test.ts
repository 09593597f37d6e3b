import { encode, encodeChat } from "gpt-tokenizer/encoding/o200k_base";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startDemoModel, type DemoModel } from "./server";
import { randomConversation, type TestMessage } from "./test-prompts";

// Written out here on purpose rather than imported: OpenAI's chat rule, checked independently.
const plain = { disallowedSpecial: new Set<string>() };
const tokens = (text: string) => encode(text, plain).length;
const chatCount = (messages: TestMessage[]) =>
  3 + messages.reduce((sum, m) => sum + 3 + tokens(m.role) + tokens(m.content) + (m.name ? tokens(m.name) + 1 : 0), 0);

let demo: DemoModel;
let openai: OpenAI;

beforeAll(async () => {
  demo = await startDemoModel({ tokensPerSecond: Infinity, firstTokenLatencyMs: 0 });
  openai = new OpenAI({ baseURL: demo.url, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(() => demo.stop());

const ask = (content: string): TestMessage[] => [{ role: "user", content }];

async function streamAll(params: { messages: TestMessage[]; max_tokens?: number; include_usage?: boolean }) {
  const stream = await openai.chat.completions.create({
    model: "meterkit-demo",
    messages: params.messages,
    stream: true,
    ...(params.max_tokens ? { max_tokens: params.max_tokens } : {}),
    ...(params.include_usage ? { stream_options: { include_usage: true } } : {}),
  });
  const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  const text = chunks.map((c) => c.choices[0]?.delta.content ?? "").join("");
  return { chunks, text };
}

describe("demo model, non-streamed", () => {
  it("answers with a chat.completion whose usage matches the chat-format count", async () => {
    const messages = ask("How do billing meters work?");
    const completion = await openai.chat.completions.create({ model: "meterkit-demo", messages });
    expect(completion.object).toBe("chat.completion");
    expect(completion.model).toBe("meterkit-demo");
    expect(completion.id).toMatch(/^chatcmpl-/);
    const [choice] = completion.choices;
    expect(choice?.message.role).toBe("assistant");
    expect(choice?.finish_reason).toBe("stop");
    const text = choice?.message.content ?? "";
    expect(completion.usage).toEqual({
      prompt_tokens: chatCount(messages),
      completion_tokens: tokens(text),
      total_tokens: chatCount(messages) + tokens(text),
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
    // Nameless chats also agree with the tokenizer library's own chat encoding.
    expect(completion.usage?.prompt_tokens).toBe(encodeChat(messages, "gpt-4o").length);
  });

  it("echoes any requested model name", async () => {
    const completion = await openai.chat.completions.create({ model: "gpt-4o-mini", messages: ask("hi") });
    expect(completion.model).toBe("gpt-4o-mini");
    expect((await openai.models.list()).data.map((m) => m.id)).toContain("meterkit-demo");
    expect((await openai.models.retrieve("anything-at-all")).id).toBe("anything-at-all");
  });

  it.each(["max_tokens", "max_completion_tokens"] as const)("stops at exactly %s tokens with finish_reason length", async (param) => {
    for (const limit of [1, 2, 7, 33]) {
      const completion = await openai.chat.completions.create({ model: "meterkit-demo", messages: ask(`Plan ${limit}`), [param]: limit });
      const text = completion.choices[0]?.message.content ?? "";
      expect(completion.choices[0]?.finish_reason).toBe("length");
      expect(completion.usage?.completion_tokens).toBe(limit);
      expect(tokens(text)).toBe(limit);
    }
  });

  it("writes the same reply for the same conversation, and another for another", async () => {
    const reply = async (content: string) =>
      (await openai.chat.completions.create({ model: "meterkit-demo", messages: ask(content) })).choices[0]?.message.content;
    const first = await reply("Tell me about forecasting budgets");
    expect(await reply("Tell me about forecasting budgets")).toBe(first);
    expect(await reply("Tell me about onboarding customers")).not.toBe(first);
    expect(first).toMatch(/forecasting|budgets/);
  });
});

describe("demo model, streamed", () => {
  it("sends a role chunk, content chunks, a finish chunk, then the usage chunk with no choices", async () => {
    const messages = ask("Explain cached input tokens");
    const { chunks, text } = await streamAll({ messages, include_usage: true });
    expect(chunks.every((c) => c.object === "chat.completion.chunk" && c.id === chunks[0]?.id)).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe("assistant");
    const finish = chunks.at(-2);
    expect(finish?.choices[0]?.finish_reason).toBe("stop");
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.prompt_tokens).toBe(chatCount(messages));
    expect(last?.usage?.completion_tokens).toBe(tokens(text));
    // Every other chunk carries usage: null, as OpenAI's do.
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    // Deltas are token-sized: one to three tokens each.
    const contentChunks = chunks.filter((c) => c.choices[0]?.delta.content);
    expect(contentChunks.length).toBeGreaterThanOrEqual(tokens(text) / 3);
    for (const c of contentChunks) expect(tokens(c.choices[0]?.delta.content ?? "")).toBeLessThanOrEqual(3);
  });

  it("sends no usage chunk unless asked", async () => {
    const { chunks } = await streamAll({ messages: ask("hello") });
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe("stop");
    expect(chunks.some((c) => "usage" in c)).toBe(false);
  });

  it("streams the same text as the non-streamed reply and honours max_tokens", async () => {
    const messages = ask("Describe a rollout plan for usage alerts");
    const whole = await openai.chat.completions.create({ model: "meterkit-demo", messages });
    const { text } = await streamAll({ messages });
    expect(text).toBe(whole.choices[0]?.message.content);
    const cut = await streamAll({ messages, max_tokens: 12, include_usage: true });
    expect(cut.chunks.at(-2)?.choices[0]?.finish_reason).toBe("length");
    expect(cut.chunks.at(-1)?.usage?.completion_tokens).toBe(12);
    expect(tokens(cut.text)).toBe(12);
  });

  it("reports exact counts for 100 varied conversations", async () => {
    for (let seed = 1; seed <= 100; seed++) {
      const messages = randomConversation(seed);
      const max_tokens = seed % 3 === 0 ? 1 + (seed % 50) : undefined;
      const { chunks, text } = await streamAll({ messages, include_usage: true, ...(max_tokens ? { max_tokens } : {}) });
      const usage = chunks.at(-1)?.usage;
      expect(usage?.prompt_tokens, `seed ${seed}`).toBe(chatCount(messages));
      expect(usage?.completion_tokens, `seed ${seed}`).toBe(tokens(text));
      const finish = chunks.at(-2)?.choices[0]?.finish_reason;
      if (finish === "length") expect(usage?.completion_tokens).toBe(max_tokens);
      else expect(usage?.completion_tokens).toBeLessThanOrEqual(max_tokens ?? Infinity);
    }
  });
});
