/**
 * Every failure the metering core reports on purpose. Codes and params follow OpenAI's error
 * object so the /v1 gateway can pass them through unchanged; the HTTP status is decided at the
 * edge (the api package's code table), not here.
 */
export type MeteringErrorCode =
  | "model_not_found"
  | "context_length_exceeded"
  | "empty_array"
  | "invalid_type"
  | "invalid_value"
  | "integer_below_min_value"
  | "missing_required_parameter"
  | "invalid_usage"
  | "invalid_rate";

export type OpenAIErrorObject = {
  error: { message: string; type: "invalid_request_error"; param: string | null; code: MeteringErrorCode };
};

export class MeteringError extends Error {
  readonly code: MeteringErrorCode;
  /** The request field at fault, in OpenAI's notation (`messages[2].content`), or null. */
  readonly param: string | null;

  constructor(code: MeteringErrorCode, message: string, param: string | null = null) {
    super(message);
    this.name = "MeteringError";
    this.code = code;
    this.param = param;
  }

  toOpenAIError(): OpenAIErrorObject {
    return { error: { message: this.message, type: "invalid_request_error", param: this.param, code: this.code } };
  }
}

export class UnknownModelError extends MeteringError {
  readonly model: string;

  constructor(model: string) {
    super("model_not_found", `The model '${model}' does not exist or you do not have access to it.`, "model");
    this.name = "UnknownModelError";
    this.model = model;
  }
}

/** Bad request input (messages, max_tokens): says which field is wrong and how to fix it. */
export class InvalidRequestError extends MeteringError {
  constructor(code: MeteringErrorCode, message: string, param: string | null) {
    super(code, message, param);
    this.name = "InvalidRequestError";
  }
}

/** A provider usage object that cannot be billed as is (negative counts, subset larger than its total). */
export class InvalidUsageError extends MeteringError {
  constructor(message: string, param: string) {
    super("invalid_usage", message, param);
    this.name = "InvalidUsageError";
  }
}

export class InvalidRateError extends MeteringError {
  constructor(message: string, param: string) {
    super("invalid_rate", message, param);
    this.name = "InvalidRateError";
  }
}

export type ContextLengthDetails = {
  model: string;
  contextWindow: number;
  /** Prompt tokens plus the completion budget that was asked for. */
  requestedTokens: number;
  promptTokens: number;
  /** null when the caller did not set max_tokens (then only the prompt is too long). */
  completionTokens: number | null;
};

export class ContextLengthExceededError extends MeteringError {
  readonly details: ContextLengthDetails;

  constructor(details: ContextLengthDetails) {
    super("context_length_exceeded", contextLengthMessage(details), "messages");
    this.name = "ContextLengthExceededError";
    this.details = details;
  }
}

// OpenAI's wording, so clients that parse it keep working against this API.
function contextLengthMessage(d: ContextLengthDetails): string {
  const head = `This model's maximum context length is ${d.contextWindow} tokens.`;
  if (d.completionTokens === null) {
    return `${head} However, your messages resulted in ${d.promptTokens} tokens. Please reduce the length of the messages.`;
  }
  return (
    `${head} However, you requested ${d.requestedTokens} tokens (${d.promptTokens} in the messages, ` +
    `${d.completionTokens} in the completion). Please reduce the length of the messages or completion.`
  );
}

export function isMeteringError(error: unknown): error is MeteringError {
  return error instanceof MeteringError;
}
