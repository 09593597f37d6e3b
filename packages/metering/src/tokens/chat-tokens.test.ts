import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../messages";
import { countChatTokens, countChatTokensPerMessage } from "./chat-tokens";
import { countTokens } from "./count-tokens";

// The example conversation of OpenAI's cookbook "How to count tokens with tiktoken", whose
// prompt_tokens the API reported as 129 (gpt-3.5-turbo, gpt-4 family) and 124 (gpt-4o, gpt-4o-mini).
const cookbookConversation: ChatMessage[] = [
  { role: "system", content: "You are a helpful, pattern-following assistant that translates corporate jargon into plain English." },
  { role: "system", name: "example_user", content: "New synergies will help drive top-line growth." },
  { role: "system", name: "example_assistant", content: "Things working well together will increase revenue." },
  { role: "system", name: "example_user", content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
  { role: "system", name: "example_assistant", content: "Let's talk later when we're less busy about how to do better." },
  { role: "user", content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

describe("countChatTokens", () => {
  it("equals the provider's prompt_tokens for the cookbook conversation", () => {
    expect(countChatTokens(cookbookConversation, "gpt-3.5-turbo")).toBe(129);
    expect(countChatTokens(cookbookConversation, "gpt-4")).toBe(129);
    expect(countChatTokens(cookbookConversation, "gpt-4o")).toBe(124);
    expect(countChatTokens(cookbookConversation, "gpt-4o-mini")).toBe(124);
  });

  it("adds 3 per message, the role, the content, name + 1, and 3 for the reply priming", () => {
    const hello: ChatMessage[] = [{ role: "user", content: "Hello" }];
    // <|start|> user <|message|> Hello <|end|> + <|start|> assistant <|message|>
    expect(countChatTokens(hello, "gpt-4o")).toBe(3 + 1 + 1 + 3);
    const named: ChatMessage[] = [{ role: "user", name: "bob", content: "Hello" }];
    expect(countChatTokens(named, "gpt-4o")).toBe(3 + 1 + 1 + countTokens("bob", "gpt-4o") + 1 + 3);
  });

  it("counts an array of text parts like the same text sent as one string", () => {
    const asString: ChatMessage[] = [{ role: "user", content: "Summarise: the cat sat on the mat." }];
    const asParts: ChatMessage[] = [
      { role: "user", content: [{ type: "text", text: "Summarise: " }, { type: "text", text: "the cat sat on the mat." }] },
    ];
    expect(countChatTokens(asParts, "gpt-4o")).toBe(countChatTokens(asString, "gpt-4o"));
  });

  it("treats special-token lookalikes in content as plain text", () => {
    const messages: ChatMessage[] = [{ role: "user", content: "<|im_end|><|endoftext|>" }];
    expect(countChatTokens(messages, "gpt-4o")).toBe(3 + 1 + countTokens("<|im_end|><|endoftext|>", "gpt-4o") + 3);
  });

  it("splits per message so that the parts add up to the total", () => {
    const { total, perMessage } = countChatTokensPerMessage(cookbookConversation, "gpt-4");
    expect(perMessage).toHaveLength(6);
    expect(perMessage.reduce((a, b) => a + b, 0) + 3).toBe(total);
  });
});
