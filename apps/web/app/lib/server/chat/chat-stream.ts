import type { ChatPart } from "@meterkit/gateway";
import { encodePart, type StreamPart } from "~/lib/stream-parts";
import { startChatTurn, type ChatTurn, type ChatTurnDeps, type ChatTurnInput } from "./chat-turn";
import { toChatRefusal } from "./refusal";

const headers = {
  "Content-Type": "application/x-ndjson; charset=utf-8",
  "Cache-Control": "no-store",
  // Proxies that buffer (nginx) would hold the parts back until the reply ends.
  "X-Accel-Buffering": "no",
};

/** A refused message: the same NDJSON format (error, then done), with the refusal's HTTP status. */
export function refusalResponse(status: number, code: string, message: string): Response {
  const body = [
    encodePart({ type: "error", code, message }),
    encodePart({ type: "done", status: "refused", usage: { promptTokens: 0, completionTokens: 0, costMicros: 0 }, messageId: null, usageEventId: null }),
  ].join("");
  return new Response(body, { status, headers });
}

function toStreamPart(part: Exclude<ChatPart, { type: "done" }>): StreamPart {
  if (part.type === "usage") return { type: "usage", ...part.usage };
  return part;
}

/**
 * Runs a chat turn and streams it to the browser as typed parts. The client's connection is the
 * abort signal: the Stop button, a closed tab or a dropped network all end the upstream call, and
 * the ledger records exactly what was produced. Parts the gateway emits before the response
 * exists (its first usage update) are buffered so `start` is always the first line.
 */
export async function chatStreamResponse(deps: ChatTurnDeps, input: Omit<ChatTurnInput, "onPart">): Promise<Response> {
  const stop = new AbortController();
  const signal = AbortSignal.any([input.signal, stop.signal]);
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let closed = false;
  const pending: StreamPart[] = [];
  const encoder = new TextEncoder();
  // Parts produced in the same tick (a text delta and its usage update, a burst of deltas read
  // from one upstream chunk) leave in one write: one enqueue per part cost a socket write each.
  // The flush runs on setImmediate, right after the current I/O callbacks, so nothing waits longer.
  // Usage parts are running totals, so within one write only the latest is worth sending; it
  // goes after the text it counts and before any part that is not text.
  let unsent = "";
  let latestUsage: StreamPart | null = null;
  let flushScheduled = false;
  const takeUsage = () => {
    if (latestUsage) unsent += encodePart(latestUsage);
    latestUsage = null;
  };
  const flush = () => {
    flushScheduled = false;
    takeUsage();
    if (closed || !controller || unsent === "") return;
    const chunk = unsent;
    unsent = "";
    try {
      controller.enqueue(encoder.encode(chunk));
    } catch {
      closed = true; // the client went away; the turn still finishes and is stored
    }
  };
  const send = (part: StreamPart) => {
    if (closed) return;
    if (!controller) return void pending.push(part);
    if (part.type === "usage") latestUsage = part;
    else {
      if (part.type !== "text") takeUsage();
      unsent += encodePart(part);
    }
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  };

  let turn: ChatTurn;
  try {
    turn = await startChatTurn(deps, { ...input, signal, onPart: (part) => send(toStreamPart(part)) });
  } catch (error) {
    const refusal = toChatRefusal(error);
    if (!refusal) throw error;
    return refusalResponse(refusal.status, refusal.code, refusal.message);
  }
  const started = turn;

  const body = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      send({ type: "start", requestId: started.requestId, conversationId: started.conversationId, userMessageId: started.userMessageId, model: started.model });
      for (const part of pending.splice(0)) send(part);
      started.finished
        .then(({ result, messageId, ui }) => {
          for (const component of ui) send({ type: "ui", ...component });
          send({
            type: "done",
            status: result.status,
            usage: { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens, costMicros: result.usage.costMicros },
            messageId,
            usageEventId: result.usageEventId,
          });
        })
        .catch((error: unknown) => {
          console.error("[chat] could not finish the turn:", error);
          send({ type: "error", code: "internal_error", message: "The reply could not be saved. Reload the conversation." });
        })
        .finally(() => {
          flush();
          if (!closed) {
            closed = true;
            try {
              controller?.close();
            } catch {
              // already closed by a cancel
            }
          }
        });
    },
    cancel() {
      closed = true;
      stop.abort();
    },
  });
  return new Response(body, { status: 200, headers });
}
