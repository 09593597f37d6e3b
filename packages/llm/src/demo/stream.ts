/**
 * Streams a planned generation as OpenAI's server-sent events, paced like a real model, and
 * stops the moment the client goes away (a real provider stops generating, and billing must
 * only see what was actually sent).
 */
import { once } from "node:events";
import type { ServerResponse } from "node:http";
import { setImmediate as yieldToEvents } from "node:timers/promises";
import type { DemoFaults } from "./faults";
import type { Generation } from "./generation";
import { pause } from "./http";
import { dueAt, isUnpaced, type Pacing } from "./pacing";
import { chunk, errorBody, newRequestId, usageChunk, type Usage } from "./shapes";

export type StreamOutcome = {
  outcome: "completed" | "aborted" | "cut" | "ended_early" | "error_event";
  sentTokens: number;
};

type StreamInput = {
  head: { id: string; created: number; model: string };
  generation: Generation;
  includeUsage: boolean;
  usage: Usage;
  faults: DemoFaults;
  pacing: Pacing;
  signal: AbortSignal;
};

export async function writeStream(res: ServerResponse, input: StreamInput): Promise<StreamOutcome> {
  const { head, generation, includeUsage, faults, pacing, signal } = input;
  const started = performance.now();
  const send = async (payload: unknown) => {
    if (signal.aborted) return false;
    const line = `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`;
    if (!res.write(line)) await once(res, "drain", { signal }).catch(() => undefined);
    return !signal.aborted;
  };

  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    connection: "keep-alive",
    "x-request-id": newRequestId(),
  });
  res.flushHeaders();

  let sentTokens = 0;
  const stopped = (): StreamOutcome => ({ outcome: "aborted", sentTokens });
  if (!(await pause(pacing.firstTokenLatencyMs, signal))) return stopped();
  if (!(await send(chunk(head, { role: "assistant", content: "", refusal: null }, null, includeUsage)))) return stopped();

  for (const [index, delta] of generation.deltas.entries()) {
    if (faults.cutStreamAfterChunks === index) {
      // Close the socket mid-body. end() (not destroy()) first flushes what was already
      // written, so the client sees exactly `index` content chunks and then a dead connection.
      res.socket?.end();
      return { outcome: "cut", sentTokens };
    }
    if (faults.endStreamAfterChunks === index) {
      res.end();
      return { outcome: "ended_early", sentTokens };
    }
    if (faults.errorEventAfterChunks === index) {
      await send(errorBody("The demo model failed while generating (injected fault).", "server_error"));
      res.end();
      return { outcome: "error_event", sentTokens };
    }
    const wait = started + dueAt(pacing, sentTokens) - performance.now();
    if (wait > 0 && !(await pause(wait, signal))) return stopped();
    // Unpaced replies never sleep; yield now and then so a client's disconnect is noticed.
    if (isUnpaced(pacing) && index % 32 === 31) await yieldToEvents();
    if (!(await send(chunk(head, { content: delta.text }, null, includeUsage)))) return stopped();
    sentTokens += delta.tokens;
  }

  if (!(await send(chunk(head, {}, generation.finishReason, includeUsage)))) return stopped();
  if (includeUsage && !(await send(usageChunk(head, input.usage)))) return stopped();
  if (!(await send("[DONE]"))) return stopped();
  res.end();
  return { outcome: "completed", sentTokens };
}
