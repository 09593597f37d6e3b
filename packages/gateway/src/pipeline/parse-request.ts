import { parseMessages, isMeteringError, type ChatMessage } from "@meterkit/metering";
import type { z } from "zod";
import { GatewayError } from "../errors";
import { chatRequestSchema, hasLoneSurrogate, type ChatRequest } from "./request-schema";

export type ParsedChatRequest = { request: ChatRequest; messages: ChatMessage[] };

/** OpenAI names nested fields like `messages[0].content`; clients search their code for that. */
function paramOf(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out;
}

function describe(issue: z.core.$ZodIssue): string {
  const param = paramOf(issue.path);
  if (issue.code === "invalid_type" && issue.input === undefined) return `Missing required parameter: '${param}'.`;
  if (param === "") return "The request body must be a JSON object with 'model' and 'messages'.";
  return `Invalid value for '${param}': ${issue.message}.`;
}

/**
 * Features a caller relies on that this gateway does not carry to the model. Accepted and
 * dropped, they made a 200 that silently broke the caller: no tool calls, no JSON mode, no
 * logprobs. Refused, the caller learns at once. (Other unknown fields are still ignored.)
 */
const UNSUPPORTED: Array<[field: string, given: (value: unknown) => boolean]> = [
  ["tools", (v) => Array.isArray(v) && v.length > 0],
  ["tool_choice", (v) => v != null && v !== "none"],
  ["functions", (v) => Array.isArray(v) && v.length > 0],
  ["function_call", (v) => v != null && v !== "none"],
  ["response_format", (v) => v != null && (v as { type?: unknown }).type !== "text"],
  ["logprobs", (v) => v === true],
  ["top_logprobs", (v) => v != null],
];

function refuseUnsupported(body: unknown): void {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return;
  for (const [field, given] of UNSUPPORTED) {
    if (given((body as Record<string, unknown>)[field])) {
      throw new GatewayError("invalid_request", `'${field}' is not supported by this API: the model would not see it. Send the request without it.`, field);
    }
  }
}

/** Validates a decoded JSON body; the first problem becomes a 400 naming the field to fix. */
export function parseChatRequest(body: unknown): ParsedChatRequest {
  refuseUnsupported(body);
  // reportInput: a field given with the wrong type is then told apart from a missing one (zod
  // leaves `input` undefined for both otherwise). The input is never put in a message.
  const result = chatRequestSchema.safeParse(body, { reportInput: true });
  if (!result.success) {
    const issue = result.error.issues[0];
    if (!issue) throw new GatewayError("invalid_request", "Invalid request body.");
    throw new GatewayError("invalid_request", describe(issue), paramOf(issue.path) || null);
  }
  const request = result.data;
  if (request.messages === undefined) throw new GatewayError("invalid_request", "Missing required parameter: 'messages'.", "messages");
  let messages: ChatMessage[];
  try {
    messages = parseMessages(request.messages);
  } catch (error) {
    if (isMeteringError(error)) throw new GatewayError("invalid_request", error.message, error.param);
    throw error;
  }
  assertWellFormed(messages);
  if (request.stream_options && !request.stream) {
    throw new GatewayError("invalid_request", "The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  }
  return { request, messages };
}

function assertWellFormed(messages: readonly ChatMessage[]): void {
  messages.forEach((m, i) => {
    const parts = typeof m.content === "string" ? [m.content] : m.content.map((p) => p.text);
    if (parts.some(hasLoneSurrogate) || (m.name !== undefined && hasLoneSurrogate(m.name))) {
      throw new GatewayError(
        "invalid_request",
        `Invalid 'messages[${i}]': the text contains a lone UTF-16 surrogate. Send valid Unicode text.`,
        `messages[${i}].content`,
      );
    }
  });
}
