/**
 * Which model provider the product talks to. With no key it is the local demo model (the
 * embedded default); any other key means a real provider, and the mode says so out loud.
 */
import { embeddedDefaults, parseEnv } from "@meterkit/config";
import { z } from "zod";

export type LlmMode = "demo" | "provider";

export type LlmConfig = { mode: LlmMode; baseURL: string; apiKey: string };

const OPENAI_API_BASE = "https://api.openai.com/v1";

const llmEnv = z.object({
  OPENAI_API_KEY: z.string().optional(),
  OPENAI_BASE_URL: z.url().optional(),
});

/**
 * The demo key marks demo mode whether it was left unset or handed over explicitly by the start
 * command. A provider that needs no key (a local Ollama) still gets a placeholder key such as
 * `ollama`, so it reports as a provider rather than as the demo model.
 */
export function resolveLlmConfig(env?: Record<string, string | undefined>): LlmConfig {
  const vars = parseEnv("llm", llmEnv, env);
  const apiKey = vars.OPENAI_API_KEY ?? embeddedDefaults.openaiApiKey;
  const mode: LlmMode = apiKey === embeddedDefaults.openaiApiKey ? "demo" : "provider";
  const baseURL = vars.OPENAI_BASE_URL ?? (mode === "demo" ? embeddedDefaults.openaiBaseUrl : OPENAI_API_BASE);
  return { mode, baseURL: baseURL.replace(/\/+$/, ""), apiKey };
}
