import { GatewayError } from "../errors";
import { loadAccount } from "../pipeline/account";
import { admitChat, type Admission } from "../pipeline/admit";
import { startAdmitted } from "../pipeline/stream-admitted";
import type { ChatReply } from "../pipeline/types";
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
  raw?: AsyncIterable<Uint8Array>,
): Promise<Response> {
  const body = await readJsonBody(request, maxBodyBytes, raw);
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

  // The response waits for the reply, not for its ledger write (decision 114).
  const run = startAdmitted(options, admission, { signal: request.signal });
  // A run that fails before its reply throws here (handleV1 answers it); only a later failure is left to report.
  const reply = await run.reply;
  run.result.catch((error: unknown) => options.onBackgroundError?.(error, "record usage"));
  if (reply.status === "failed") return errorResponse(upstreamFailure(reply), headers);
  return json(completionBody(head, reply.text, reply.finishReason ?? "stop", replyUsage(reply)), 200, headers);
}

export function replyUsage(result: ChatReply): ReplyUsage {
  return {
    promptTokens: result.usage.promptTokens,
    completionTokens: result.usage.completionTokens,
    cachedPromptTokens: result.usage.cachedPromptTokens,
    reasoningTokens: result.usage.reasoningTokens,
  };
}

export function upstreamFailure(result: ChatReply): GatewayError {
  const detail = result.error?.message ?? "The model did not answer.";
  const billed = result.billed ? ` Tokens already generated were billed (request ${result.requestId}).` : "";
  return new GatewayError("upstream_error", `The model provider failed: ${detail}${billed}`);
}
