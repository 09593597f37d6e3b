import { LlmError } from "@meterkit/llm";
import { withdrawAdmission } from "../limits/reservations";
import type { Admission } from "./admit";
import type { ChatDeps, ChatResult, OnPart } from "./types";

export function toFailure(error: unknown): { code: string; message: string } {
  if (error instanceof LlmError) return { code: error.code, message: error.message };
  return { code: "upstream_error", message: error instanceof Error ? error.message : String(error) };
}

export async function nothingBilled(
  deps: ChatDeps,
  admission: Admission,
  status: "aborted" | "failed",
  error: { code: string; message: string } | null,
  onPart: OnPart,
): Promise<ChatResult> {
  // The first checkpoint must be in before it is deleted, or it would outlive the request.
  if (admission.checkpointWritten) await admission.checkpointWritten;
  // Retried like the ledger write: a withdrawal lost to a database hiccup would leave the
  // checkpoint, and the worker would bill the prompt of a request that says it billed nothing.
  await recordWithRetry(deps, () => withdrawAdmission(deps.db, admission.requestId, admission.lease));
  const result: ChatResult = {
    requestId: admission.requestId,
    status,
    finishReason: null,
    text: "",
    usage: {
      promptTokens: 0,
      promptTokensSent: admission.promptTokensSent,
      promptTokensEffective: admission.promptTokensEffective,
      cachedPromptTokens: 0,
      completionTokens: 0,
      reasoningTokens: 0,
      costMicros: 0,
    },
    billed: false,
    usageEventId: null,
    droppedMessages: admission.droppedMessages,
    error,
  };
  if (error) await onPart({ type: "error", ...error });
  await onPart({ type: "done", result });
  return result;
}

/**
 * The ledger write (and a withdrawal, its counterpart) is the one write a reply cannot do without; a brief database hiccup must not
 * lose it. If it still fails, the checkpoint (if any) is recovered by the worker and the held
 * reservation expires.
 */
export async function recordWithRetry<T>(deps: ChatDeps, write: () => Promise<T>): Promise<T | null> {
  const delays = [50, 250, 1000];
  for (let attempt = 0; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const delay = delays[attempt];
      if (delay === undefined) {
        deps.onBackgroundError?.(error, "record usage");
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
