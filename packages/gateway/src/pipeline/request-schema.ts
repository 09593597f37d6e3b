import type { SamplingOptions } from "@meterkit/llm";
import { z } from "zod";

/**
 * The body of POST /v1/chat/completions as OpenAI accepts it. Unknown fields are tolerated
 * (stripped), as OpenAI tolerates them. `messages` is validated by the metering package, which
 * owns the message shape it counts; fields we cannot meter honestly (n > 1) are refused.
 */
const positiveTokens = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

export const chatRequestSchema = z.object({
  model: z.string().min(1).max(256),
  messages: z.unknown(),
  max_tokens: positiveTokens.nullish(),
  max_completion_tokens: positiveTokens.nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  n: z.literal(1, { error: "only n=1 is supported" }).nullish(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  user: z.string().max(512).nullish(),
});

export type ChatRequest = z.infer<typeof chatRequestSchema>;

const SAMPLING_FIELDS = ["temperature", "top_p", "stop", "seed", "presence_penalty", "frequency_penalty", "user"] as const;

/** The sampling settings the caller gave, for the provider (null ones left out); undefined when none. */
export function samplingOf(request: ChatRequest): SamplingOptions | undefined {
  let sampling: SamplingOptions | undefined;
  for (const field of SAMPLING_FIELDS) {
    const value = request[field];
    if (value != null) (sampling ??= {})[field] = value as never;
  }
  return sampling;
}

/** max_completion_tokens supersedes max_tokens in OpenAI's API; either may be given. */
export function requestedMaxTokens(request: ChatRequest): { value: number | undefined; param: "max_tokens" | "max_completion_tokens" } {
  if (request.max_completion_tokens != null) return { value: request.max_completion_tokens, param: "max_completion_tokens" };
  return { value: request.max_tokens ?? undefined, param: "max_tokens" };
}

// A lone surrogate cannot be encoded as UTF-8: neither we nor the provider could count it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasLoneSurrogate(text: string): boolean {
  return loneSurrogate.test(text);
}
