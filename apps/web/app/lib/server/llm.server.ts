import { createLlmClient, type LlmClient } from "@meterkit/llm";

const holder = globalThis as typeof globalThis & { __meterkitWebLlm?: LlmClient };

/** The upstream model client (the demo model when OPENAI_API_KEY is unset), one per process. */
export function getLlm(): LlmClient {
  return (holder.__meterkitWebLlm ??= createLlmClient());
}
