import type { UsageEvent } from "@meterkit/db";
import { iso } from "../../lib/serialize";

/** What a customer sees of a ledger event: counts, cost and status, not internal ids of plans. */
export function toUsageEventView(e: UsageEvent) {
  return {
    id: e.id,
    requestId: e.request_id,
    kind: e.kind,
    status: e.status,
    model: e.model,
    apiKeyId: e.api_key_id,
    conversationId: e.conversation_id,
    promptTokensSent: e.prompt_tokens_sent,
    promptTokensEffective: e.prompt_tokens_effective,
    cachedPromptTokens: e.cached_prompt_tokens,
    completionTokens: e.completion_tokens,
    reasoningTokens: e.reasoning_tokens,
    billedInputTokens: e.billed_input_tokens,
    billedCachedInputTokens: e.billed_cached_input_tokens,
    billedOutputTokens: e.billed_output_tokens,
    costMicros: Number(e.cost_micros),
    countSource: e.count_source,
    note: e.note,
    occurredAt: iso(e.occurred_at),
  };
}
export type UsageEventView = ReturnType<typeof toUsageEventView>;
