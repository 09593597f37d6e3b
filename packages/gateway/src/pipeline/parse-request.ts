import type { z } from "zod";
import { GatewayError } from "../errors";
import { chatRequestSchema, type ChatRequest } from "./request-schema";

/** OpenAI names nested fields like `messages[0].content`; clients search their code for that. */
function paramOf(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) out += typeof key === "number" ? `[${key}]` : out === "" ? String(key) : `.${String(key)}`;
  return out;
}

function describe(issue: z.core.$ZodIssue): string {
  const param = paramOf(issue.path);
  if (issue.code === "invalid_type" && issue.input === undefined) return `Missing required parameter: '${param}'.`;
  if (param === "") return `Invalid request body: ${issue.message}.`;
  return `Invalid value for '${param}': ${issue.message}.`;
}

/** Validates a decoded JSON body; the first problem becomes a 400 naming the field to fix. */
export function parseChatRequest(body: unknown): ChatRequest {
  const result = chatRequestSchema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (!issue) throw new GatewayError("invalid_request", "Invalid request body.");
  throw new GatewayError("invalid_request", describe(issue), paramOf(issue.path) || null);
}
