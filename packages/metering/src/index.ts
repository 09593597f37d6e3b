// Errors
export {
  ContextLengthExceededError,
  InvalidRateError,
  InvalidRequestError,
  InvalidUsageError,
  isMeteringError,
  MeteringError,
  UnknownModelError,
} from "./errors";
export type { ContextLengthDetails, MeteringErrorCode, OpenAIErrorObject } from "./errors";

// Model catalog and rates
export { CATALOG_VERSION, currentCatalog, getModel, isKnownModel, listModels, resolveModel } from "./catalog";
export { catalogV2026_11 } from "./catalog/v2026-11";
export type { Catalog, EncodingName, ModelSpec, Rate } from "./catalog/types";
export { assertValidRate, rateSchema } from "./rates";

// Messages and request validation
export { chatMessageSchema, chatMessagesSchema, chatRoles, isInstructionRole, messageText, textPartSchema } from "./messages";
export type { ChatMessage, ChatRole, TextPart } from "./messages";
export { parseMessages, validateMaxTokens } from "./validation";

// Token counting
export { countTokens } from "./tokens/count-tokens";
export { countChatTokens, countChatTokensPerMessage, REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE, TOKENS_PER_NAME } from "./tokens/chat-tokens";
export type { ChatTokenCount } from "./tokens/chat-tokens";

// Token classes, usage formats and money
export {
  addUsage,
  assertValidUsage,
  billedTokens,
  completionTokensOf,
  fromOpenAIUsage,
  promptTokensOf,
  toOpenAIUsage,
  ZERO_USAGE,
} from "./usage-formats";
export type { OpenAIUsage, TokenUsage } from "./usage-formats";
export { centsPerTokenDecimal, costMicros, maxCostMicros } from "./cost";

// Context window policy
export { applyContextPolicy } from "./context-policy";
export type { ContextPolicy, ContextPolicyInput, ContextPolicyResult } from "./context-policy";

// Streaming
export { meterStream } from "./stream/meter-stream";
export type { MeteredStream, MeterStreamOptions } from "./stream/meter-stream";
export { StreamMeter } from "./stream/stream-meter";
export type { LiveUsage, StreamChunk, StreamMeterOptions } from "./stream/stream-meter";
export type { StreamMeterResult, StreamStatus } from "./stream/stream-result";
export { createLiveTokenCounter, LiveTokenCounter } from "./stream/live-token-counter";
