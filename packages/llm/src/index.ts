// Upstream client
export { createLlmClient } from "./client/client";
export type { ChatMessage, ChatRequest, ChatResult, ChatStreamPart, FinishReason, LlmClient, LlmClientOptions, SamplingOptions } from "./client/client";
export { resolveLlmConfig, type LlmConfig, type LlmMode } from "./client/config";
export { LlmError, toLlmError, type LlmErrorCode } from "./client/errors";

// Local demo model
export { startDemoModel, DEMO_MODEL, type DemoModel, type DemoModelOptions } from "./demo/server";
export type { DemoFaults } from "./demo/faults";
export type { GenerationRecord } from "./demo/chat";
