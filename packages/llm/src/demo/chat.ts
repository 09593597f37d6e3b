/** POST /v1/chat/completions: validate, compose, then answer in one piece or as a stream. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { composeReply, type ReplyLength } from "./compose";
import type { DemoFaults, FaultState } from "./faults";
import { planGeneration } from "./generation";
import { clientGone, pause, readJson, sendJson } from "./http";
import { dueAt, type Pacing } from "./pacing";
import { parseChatRequest } from "./request";
import { completion, errorBody, newCompletionId, nowSeconds, usage } from "./shapes";
import { writeStream, type StreamOutcome } from "./stream";
import { countChatTokens } from "./tokens";
import { getModel, isKnownModel } from "@meterkit/metering";
import { DEMO_MODEL } from "./model-id";

export type GenerationRecord = {
  id: string;
  model: string;
  stream: boolean;
  promptTokens: number;
  /** Tokens the full reply would have had. */
  plannedTokens: number;
  /** Tokens actually written to the client before the response ended. */
  sentTokens: number;
  outcome: StreamOutcome["outcome"];
};

export type ChatContext = {
  pacing: Pacing;
  replyLength: ReplyLength;
  contextWindow: number;
  maxOutputTokens: number;
  faults: FaultState;
  record: (generation: GenerationRecord) => void;
};

export async function handleChat(ctx: ChatContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readJson(req);
  const faults = ctx.faults.take();
  const signal = clientGone(res);
  if (faults.dropConnection) {
    req.socket.destroy();
    return;
  }
  if (!(await pause(faults.latencyMs ?? 0, signal))) return;
  if (faults.httpError) return sendInjectedError(res, faults.httpError);

  const parsed = parseChatRequest(body);
  if (!parsed.ok) return sendJson(res, 400, parsed.error);
  const request = parsed.request;

  const limits = limitsFor(request.model, ctx);
  if (request.maxTokens !== undefined && request.maxTokens > limits.maxOutputTokens) {
    const message = `max_tokens is too large: ${request.maxTokens}. This model supports at most ${limits.maxOutputTokens} completion tokens.`;
    return sendJson(res, 400, errorBody(message, "invalid_request_error", "max_tokens", "invalid_value"));
  }
  const promptTokens = countChatTokens(request.messages);
  const requested = promptTokens + (request.maxTokens ?? 0);
  if (requested > limits.contextWindow) {
    const message =
      `This model's maximum context length is ${limits.contextWindow} tokens. However, you requested ${requested} tokens ` +
      `(${promptTokens} in the messages, ${request.maxTokens ?? 0} in the completion). ` +
      "Please reduce the length of the messages or completion.";
    return sendJson(res, 400, errorBody(message, "invalid_request_error", "messages", "context_length_exceeded"));
  }

  const generation = planGeneration(composeReply(request.messages, ctx.replyLength), request.maxTokens);
  const reported = usage(
    Math.max(0, promptTokens + (faults.usageOffset?.promptTokens ?? 0)),
    Math.max(0, generation.completionTokens + (faults.usageOffset?.completionTokens ?? 0)),
  );
  const head = { id: newCompletionId(), created: nowSeconds(), model: request.model };
  const record = (result: StreamOutcome) =>
    ctx.record({
      id: head.id,
      model: request.model,
      stream: request.stream,
      promptTokens,
      plannedTokens: generation.completionTokens,
      ...result,
    });

  if (request.stream) {
    const input = { head, generation, includeUsage: request.includeUsage, usage: reported, faults, pacing: ctx.pacing, signal };
    return record(await writeStream(res, input));
  }
  // A non-streamed reply takes as long as the streamed one would have, then arrives whole: the
  // stream's last delta leaves when the tokens before it are done, so that is when this is due.
  const tokensBeforeLast = generation.completionTokens - (generation.deltas.at(-1)?.tokens ?? 0);
  if (!(await pause(dueAt(ctx.pacing, tokensBeforeLast), signal))) {
    return record({ outcome: "aborted", sentTokens: 0 });
  }
  sendJson(res, 200, completion(head, generation.text, generation.finishReason, reported));
  record({ outcome: "completed", sentTokens: generation.completionTokens });
}

function sendInjectedError(res: ServerResponse, fault: NonNullable<DemoFaults["httpError"]>): void {
  const rateLimited = fault.status === 429;
  const type = rateLimited ? "requests" : fault.status >= 500 ? "server_error" : "invalid_request_error";
  const message =
    fault.message ??
    (rateLimited
      ? "Rate limit reached for the demo model (injected fault). Please try again shortly."
      : `The demo model answered ${fault.status} (injected fault).`);
  const code = fault.code !== undefined ? fault.code : rateLimited ? "rate_limit_exceeded" : null;
  const headers: Record<string, string> = fault.retryAfterMs !== undefined ? { "retry-after-ms": String(fault.retryAfterMs) } : {};
  sendJson(res, fault.status, errorBody(message, type, null, code), headers);
}

/**
 * The demo model answers for any model name, so a local stack can exercise every model a plan
 * offers. For a model the catalog knows it enforces that model's real limits, so requests that
 * would be valid against the provider are valid here too; other names get the configured ones.
 */
function limitsFor(model: string, ctx: ChatContext): { contextWindow: number; maxOutputTokens: number } {
  if (model === DEMO_MODEL || !isKnownModel(model)) return { contextWindow: ctx.contextWindow, maxOutputTokens: ctx.maxOutputTokens };
  const spec = getModel(model);
  return { contextWindow: spec.contextWindow, maxOutputTokens: spec.maxOutputTokens };
}
