import type { z } from "zod";
import type { ModelSpec } from "./catalog/types";
import { InvalidRequestError } from "./errors";
import { chatMessagesSchema, type ChatMessage } from "./messages";

/**
 * Validates a request's `messages`; the first problem becomes an InvalidRequestError whose
 * param points at the field (`messages[1].content`) and whose message says what to send instead.
 */
export function parseMessages(input: unknown): ChatMessage[] {
  const result = chatMessagesSchema.safeParse(input);
  if (result.success) return result.data;
  throw toRequestError(innermostIssue(result.error.issues[0]), input);
}

type MaxTokensOptions = { param?: "max_tokens" | "max_completion_tokens" };

/** Validates max_tokens against the model; undefined/null means "not set". */
export function validateMaxTokens(value: unknown, model: ModelSpec, options: MaxTokensOptions = {}): number | undefined {
  const param = options.param ?? "max_tokens";
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) {
    throw new InvalidRequestError(
      "invalid_type",
      `Invalid type for '${param}': expected an integer, but got ${describe(value)} instead.`,
      param,
    );
  }
  if (value < 1) {
    throw new InvalidRequestError(
      "integer_below_min_value",
      `Invalid '${param}': integer below minimum value. Expected a value >= 1, but got ${value} instead.`,
      param,
    );
  }
  if (value > model.maxOutputTokens) {
    throw new InvalidRequestError(
      "invalid_value",
      `${param} is too large: ${value}. This model supports at most ${model.maxOutputTokens} completion tokens, whereas you provided ${value}.`,
      param,
    );
  }
  return value;
}

type Issue = z.core.$ZodIssue;

// A union failure (content is neither a string nor a parts array) hides the useful issue inside
// one branch: prefer the array branch's issue when the value was an array, else report the union.
function innermostIssue(issue: Issue | undefined): Issue | undefined {
  if (issue?.code !== "invalid_union") return issue;
  const branches = issue.errors.filter((b) => b.length > 0 && !(b[0]?.code === "invalid_type" && b[0].path.length === 0));
  const inner = branches[0]?.[0];
  return inner ? innermostIssue({ ...inner, path: [...issue.path, ...inner.path] } as Issue) : issue;
}

function toRequestError(issue: Issue | undefined, input: unknown): InvalidRequestError {
  const path = ["messages", ...(issue?.path ?? [])];
  const param = formatParam(path);
  const value = valueAt(input, path.slice(1));
  if (!issue) return new InvalidRequestError("invalid_value", `Invalid '${param}'.`, param);
  if (issue.code === "too_small" && issue.origin === "array" && path.length === 1) {
    return new InvalidRequestError(
      "empty_array",
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      param,
    );
  }
  if (issue.code === "invalid_value") {
    const allowed = issue.values.map((v) => `'${String(v)}'`).join(", ");
    const hint = param.endsWith(".type") ? " Only text content parts are supported." : "";
    return new InvalidRequestError("invalid_value", `Invalid value: '${String(value)}'. Supported values are: ${allowed}.${hint}`, param);
  }
  if (issue.code === "invalid_type" && value === undefined) {
    return new InvalidRequestError("missing_required_parameter", `Missing required parameter: '${param}'.`, param);
  }
  if (issue.code === "invalid_type" || issue.code === "invalid_union") {
    return new InvalidRequestError(
      "invalid_type",
      `Invalid type for '${param}': expected ${expectedFor(param)}, but got ${describe(value)} instead.`,
      param,
    );
  }
  return new InvalidRequestError("invalid_value", `Invalid '${param}': ${issue.message}.`, param);
}

function expectedFor(param: string): string {
  if (param === "messages") return "an array of messages";
  if (/\.content$/.test(param)) return "one of a string or an array of text parts";
  if (/\]$/.test(param)) return param.includes(".content[") ? "a text part object" : "a message object";
  return "a string";
}

function formatParam(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current = input;
  for (const key of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a decimal number";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  return `a ${typeof value}`;
}
