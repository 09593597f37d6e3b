/** The BPE encodings the catalog's models use (both shipped by gpt-tokenizer). */
export type EncodingName = "o200k_base" | "cl100k_base";

/**
 * Prices per 1M tokens in integer micro-units of the currency (1 USD = 1_000_000 micros).
 * `version` is the plan rate version stored on every usage event costed with it; the catalog's
 * default rates are version 0 so a plan's own versions (1, 2, ...) never collide with them.
 * Reasoning tokens have no rate of their own: they are billed at the output rate.
 */
export type Rate = {
  version: number;
  inputMicrosPerMTok: number;
  cachedInputMicrosPerMTok: number;
  outputMicrosPerMTok: number;
};

export type ModelSpec = {
  id: string;
  encoding: EncodingName;
  /** Prompt plus completion must fit in this many tokens. */
  contextWindow: number;
  /** Largest prompt the provider accepts (below the window for models that reserve output room). */
  maxInputTokens: number;
  /** Largest max_tokens / max_completion_tokens the provider accepts. */
  maxOutputTokens: number;
  defaultRate: Rate;
  /** The catalog file this entry came from, e.g. "2026-11". */
  catalogVersion: string;
};

export type Catalog = { version: string; models: readonly ModelSpec[] };
