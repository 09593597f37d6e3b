export { countTokens } from "./tokens/count-tokens";
export { countChatTokens, countChatTokensPerMessage, TOKENS_PER_MESSAGE, TOKENS_PER_NAME, REPLY_PRIMING_TOKENS } from "./tokens/chat-tokens";
export type { ChatTokenCount } from "./tokens/chat-tokens";
export { getModel, isKnownModel, listModels, resolveModel, currentCatalog, CATALOG_VERSION } from "./catalog/index";
export type { Catalog, EncodingName, ModelSpec, Rate } from "./catalog/types";
export { rateSchema, assertValidRate } from "./rates";
export { costMicros, maxCostMicros, centsPerTokenDecimal } from "./cost";
export {
  ZERO_USAGE,
  fromOpenAIUsage,
  toOpenAIUsage,
  promptTokensOf,
  completionTokensOf,
  billedTokens,
  addUsage,
  assertValidUsage,
} from "./usage-formats";
export type { TokenUsage, OpenAIUsage } from "./usage-formats";
export { applyContextPolicy } from "./context-policy";
export type { ContextPolicy, ContextPolicyInput, ContextPolicyResult } from "./context-policy";
export { chatRoles, textPartSchema, chatMessageSchema, chatMessagesSchema, messageText } from "./messages";
export type { ChatRole, ChatMessage, TextPart } from "./messages";
export { parseMessages, validateMaxTokens } from "./validation";
export {
  MeteringError,
  UnknownModelError,
  InvalidRequestError,
  InvalidUsageError,
  InvalidRateError,
  ContextLengthExceededError,
  isMeteringError,
} from "./errors";
export type { MeteringErrorCode, OpenAIErrorObject, ContextLengthDetails } from "./errors";
export { meterStream } from "./stream/meter-stream";
export type { StreamChunk, MeterStreamOptions, LiveUsage, MeteredStream } from "./stream/meter-stream";
export type { StreamStatus, StreamMeterResult } from "./stream/stream-result";
