import { createLlmClient, type LlmClient } from "@meterkit/llm";

// Cached per module evaluation, not on globalThis: in development Vite re-evaluates the llm
// package when its source changes, and a client from the old evaluation would throw errors of a
// class the new gateway code no longer recognises (instanceof LlmError fails).
let client: LlmClient | undefined;

/** The upstream model client (the demo model when OPENAI_API_KEY is unset), one per process. */
export function getLlm(): LlmClient {
  return (client ??= createLlmClient());
}
