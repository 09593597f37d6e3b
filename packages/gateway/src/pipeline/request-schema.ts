import { z } from "zod";

/**
 * The body of POST /v1/chat/completions as OpenAI accepts it. Fields we do not use are tolerated
 * (stripped), like OpenAI tolerates fields it does not know; fields we cannot meter honestly
 * (images, n > 1) are refused with a message instead of being billed wrongly.
 */
// A lone surrogate cannot be encoded as UTF-8, so neither we nor the provider could count it.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const text = z.string().refine((s) => !loneSurrogate.test(s), "contains a lone UTF-16 surrogate; send valid Unicode text");

const textPart = z.object({ type: z.literal("text"), text });

const content = z.union([text, z.array(textPart, { error: "only text content parts are supported" })]);

const message = z.object({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  // Assistant turns that only carried tool calls have null content.
  content: content.nullable().optional(),
  name: text.max(256).optional(),
});

const positiveTokens = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

export const chatRequestSchema = z.object({
  model: z.string().min(1).max(256),
  messages: z.array(message).min(1, "messages must contain at least one message").max(100_000),
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

/** A message reduced to what is counted and sent upstream. */
export type PlainMessage = { role: string; content: string; name?: string };

export function toPlainMessages(request: ChatRequest): PlainMessage[] {
  return request.messages.map((m) => {
    const text = typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => p.text).join("");
    return m.name === undefined ? { role: m.role, content: text } : { role: m.role, content: text, name: m.name };
  });
}

/** max_completion_tokens supersedes max_tokens in OpenAI's API; either may be given. */
export function requestedMaxTokens(request: ChatRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}
