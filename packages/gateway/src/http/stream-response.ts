import type { Admission } from "../pipeline/admit";
import { startAdmitted } from "../pipeline/stream-admitted";
import type { ChatDeps, ChatPart, ChatReply } from "../pipeline/types";
import { replyUsage, upstreamFailure } from "./chat-completions";
import { sseChunks, type ReplyHead } from "./openai-shapes";
import { errorResponse } from "./respond";
import { SseBody } from "./sse-body";

const sseHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
  // Proxies such as nginx would otherwise buffer the stream and defeat it.
  "x-accel-buffering": "no",
};

/**
 * Streams the reply as OpenAI's server-sent events. Headers wait for the model's first part, so
 * a provider failure before any token still gets a proper error status instead of a 200 with an
 * error inside. The stream ends as soon as the reply does, while its usage event is still being
 * written (decision 114): the admission's checkpoint bills it if this process dies in between.
 */
export async function streamResponse(
  deps: ChatDeps,
  admission: Admission,
  head: ReplyHead,
  clientSignal: AbortSignal,
  headers: Record<string, string>,
): Promise<Response> {
  const includeUsage = admission.request.stream_options?.include_usage === true;
  const sse = sseChunks(head, includeUsage);
  // Written straight to the socket by the node adapter, or read as a web stream by anyone else;
  // `cancelled` fires when the reader goes away: stop the model, bill what was sent.
  const body = new SseBody();
  const cancelled = body.cancelled;
  let started = false;
  let settleFirst!: (value: "streaming" | ChatReply) => void;
  const first = new Promise<"streaming" | ChatReply>((resolve) => (settleFirst = resolve));
  const send = (text: string): void | Promise<void> => body.write(text);

  const onPart = (part: ChatPart): void | Promise<void> => {
    if (part.type !== "text") return;
    if (!started) {
      started = true;
      settleFirst("streaming");
      void send(sse.role());
    }
    return send(sse.content(part.delta));
  };

  const onReply = (reply: ChatReply) => {
    if (!started && (reply.status === "failed" || reply.status === "aborted")) return settleFirst(reply);
    if (!started) {
      started = true;
      settleFirst("streaming");
      void send(sse.role());
    }
    finish(reply);
  };

  const finish = (result: ChatReply) => {
    if (cancelled.signal.aborted) return;
    if (result.status === "failed") {
      void send(sse.error(upstreamFailure(result).toBody()));
    } else {
      void send(sse.finish(result.finishReason ?? "stop"));
      if (includeUsage) void send(sse.usage(replyUsage(result)));
      void send(sse.done());
    }
    body.close();
  };

  // One plain controller, fed by the client's signal. (A composite AbortSignal.any() with an
  // abort listener that never fires is kept alive by Node until it aborts: a leak per request.)
  const onClientGone = () => cancelled.abort(clientSignal.reason);
  // A client gone while its request was admitted already fired its abort: no listener would hear
  // it, and the model would be called for nobody.
  if (clientSignal.aborted) onClientGone();
  else clientSignal.addEventListener("abort", onClientGone, { once: true });
  const run = startAdmitted(deps, admission, { signal: cancelled.signal, onPart });
  run.reply.then(
    (reply) => {
      onReply(reply);
      // Only what fails after the reply is left to report from the result.
      run.result.catch((error: unknown) => deps.onBackgroundError?.(error, "record usage"));
    },
    (error: unknown) => {
      deps.onBackgroundError?.(error, "stream");
      if (!started) settleFirst(failedResult(admission, error));
      else if (!cancelled.signal.aborted) body.error(error);
    },
  );
  const stopListening = () => clientSignal.removeEventListener("abort", onClientGone);
  run.result.then(stopListening, stopListening);

  const outcome = await first;
  if (outcome !== "streaming") return errorResponse(upstreamFailure(outcome), headers);
  return body.toResponse({ status: 200, headers: { ...sseHeaders, ...headers } });
}

function failedResult(admission: Admission, error: unknown): ChatReply {
  return {
    requestId: admission.requestId,
    status: "failed",
    finishReason: null,
    text: "",
    usage: { promptTokens: 0, promptTokensSent: 0, promptTokensEffective: 0, cachedPromptTokens: 0, completionTokens: 0, reasoningTokens: 0, costMicros: 0 },
    billed: false,
    droppedMessages: 0,
    error: { code: "internal", message: error instanceof Error ? error.message : String(error) },
  };
}
