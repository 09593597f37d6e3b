/**
 * Validates a chat completion request the way OpenAI does: the first problem becomes a 400 with
 * OpenAI's error object naming the parameter, so clients see the same failures as in production.
 */
import { z } from "zod";
import { errorBody, type OpenAIErrorBody } from "./shapes";
import type { CountableMessage } from "./tokens";

const textPart = z.object({ type: z.literal("text"), text: z.string() });

const message = z.object({
  role: z.enum(["system", "developer", "user", "assistant", "tool"]),
  content: z.union([z.string(), z.array(textPart), z.null()]).optional(),
  name: z.string().optional(),
});

// Unknown fields (temperature, top_p, user, ...) are accepted and ignored, as a real server would.
const chatRequest = z.object({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  n: z.number().int().min(1).max(1).nullish(),
});

export type ChatRequest = {
  model: string;
  messages: CountableMessage[];
  stream: boolean;
  includeUsage: boolean;
  maxTokens: number | undefined;
};

export type Parsed = { ok: true; request: ChatRequest } | { ok: false; error: OpenAIErrorBody };

export function parseChatRequest(body: unknown): Parsed {
  const result = chatRequest.safeParse(body);
  if (!result.success) return { ok: false, error: describeIssue(body, result.error.issues[0]) };
  const r = result.data;
  if (r.stream_options && !r.stream) {
    return invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options");
  }
  return {
    ok: true,
    request: {
      model: r.model,
      messages: r.messages.map((m) => ({
        role: m.role,
        content: typeof m.content === "string" ? m.content : (m.content ?? []).map((p) => p.text).join(""),
        ...(m.name ? { name: m.name } : {}),
      })),
      stream: r.stream ?? false,
      includeUsage: r.stream_options?.include_usage ?? false,
      // The newer name wins when both are sent.
      maxTokens: r.max_completion_tokens ?? r.max_tokens ?? undefined,
    },
  };
}

const invalid = (message: string, param: string | null, code: string | null = null): Parsed => ({
  ok: false,
  error: errorBody(message, "invalid_request_error", param, code),
});

function describeIssue(body: unknown, issue: z.core.$ZodIssue | undefined): OpenAIErrorBody {
  if (!issue || issue.path.length === 0) {
    return errorBody("The request body must be a JSON object.", "invalid_request_error");
  }
  const param = formatPath(issue.path);
  if (valueAt(body, issue.path) === undefined) {
    return errorBody(`Missing required parameter: '${param}'.`, "invalid_request_error", param, "missing_required_parameter");
  }
  const code =
    issue.code === "too_small"
      ? issue.origin === "array"
        ? "empty_array"
        : "integer_below_min_value"
      : issue.code === "too_big"
        ? "integer_above_max_value"
        : issue.code === "invalid_type" || issue.code === "invalid_union"
          ? "invalid_type"
          : "invalid_value";
  return errorBody(`Invalid '${param}': ${issue.message}.`, "invalid_request_error", param, code);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), "");
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}
