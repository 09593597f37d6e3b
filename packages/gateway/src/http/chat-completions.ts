import { GatewayError } from "../errors";
import { loadAccount } from "../pipeline/account";
import { admitChat, type Admission } from "../pipeline/admit";
import { streamAdmitted } from "../pipeline/stream-admitted";
import type { ChatResult } from "../pipeline/types";
import type { V1Caller, V1Options } from "./handle-v1";
import { completionBody, newReplyHead, type ReplyUsage } from "./openai-shapes";
import { rateLimitHeaders } from "./rate-limit-headers";
import { readJsonBody } from "./read-body";
import { errorResponse, json } from "./respond";
import { streamResponse } from "./stream-response";

/** POST /v1/chat/completions: admission (every refusal before any cost), then the metered reply. */
export async function handleChatCompletions(
  options: V1Options,
  caller: V1Caller,
  request: Request,
  maxBodyBytes: number,
): Promise<Response> {
  const body = await readJsonBody(request, maxBodyBytes);
  const account = await (options.lookups?.account(caller.customerId) ?? loadAccount(options.db, caller.customerId));
  if (!account) throw new GatewayError("invalid_api_key", "This API key belongs to an account that no longer exists.");

  let admission: Admission;
  try {
    admission = await admitChat(options, { account, apiKeyId: caller.apiKeyId, body });
  } catch (error) {
    if (error instanceof GatewayError && error.rateLimit) return errorResponse(error, rateLimitHeaders(error.rateLimit));
    throw error;
  }
  // The ledger's request id: what support looks up when a customer quotes it (the SDKs expose it as `_request_id`).
  const headers = { ...(admission.rateLimit ? rateLimitHeaders(admission.rateLimit) : {}), "x-request-id": admission.requestId };
  const head = newReplyHead(admission.request.model);

  if (admission.request.stream) return streamResponse(options, admission, head, request.signal, headers);

  const result = await streamAdmitted(options, admission, { signal: request.signal });
  if (result.status === "failed") return errorResponse(upstreamFailure(result), headers);
  return json(completionBody(head, result.text, result.finishReason ?? "stop", replyUsage(result)), 200, headers);
}

export function replyUsage(result: ChatResult): ReplyUsage {
  return {
    promptTokens: result.usage.promptTokens,
    completionTokens: result.usage.completionTokens,
    cachedPromptTokens: result.usage.cachedPromptTokens,
    reasoningTokens: result.usage.reasoningTokens,
  };
}

export function upstreamFailure(result: ChatResult): GatewayError {
  const detail = result.error?.message ?? "The model did not answer.";
  const billed = result.usageEventId ? ` Tokens already generated were billed (request ${result.requestId}).` : "";
  return new GatewayError("upstream_error", `The model provider failed: ${detail}${billed}`);
}
