import { useCallback, useEffect, useRef, useState } from "react";
import { applyLine, emptyReply, endWithoutDone, type ReplyState } from "./chat-reply";
import { createStreamPartParser } from "./stream-parts";

export interface Turn {
  /** A client-side id, stable while the turn is on screen. */
  key: string;
  conversationId: string;
  message: string;
  reply: ReplyState;
}

/**
 * Sends a message to /app/chat/:id/stream and follows the reply part by part. `stop()` aborts
 * the fetch: the server sees the connection close and stops the model, and the ledger bills
 * what was produced. Leaving the page (pagehide) and unmounting abort it too.
 */
export function useChatStream() {
  const [turn, setTurn] = useState<Turn | null>(null);
  const abortRef = useRef<AbortController | null>(null);
  const stoppedRef = useRef(false);

  useEffect(() => {
    const abort = () => abortRef.current?.abort();
    window.addEventListener("pagehide", abort);
    return () => {
      window.removeEventListener("pagehide", abort);
      abort();
    };
  }, []);

  const send = useCallback(async (conversationId: string, message: string, model: string): Promise<ReplyState> => {
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    stoppedRef.current = false;
    const key = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    setTurn({ key, conversationId, message, reply: emptyReply });
    let state = emptyReply;
    const update = (next: ReplyState) => {
      state = next;
      setTurn((t) => (t && t.key === key ? { ...t, reply: next } : t));
    };

    const parser = createStreamPartParser();
    try {
      const response = await fetch(`/app/chat/${conversationId}/stream`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ message, model }),
        signal: controller.signal,
      });
      if (!response.body) throw new Error("no response body");
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const lines = parser.push(value);
        if (lines.length > 0) update(lines.reduce(applyLine, state));
      }
      update(parser.end().reduce(applyLine, state));
    } catch {
      // Aborted by Stop or by leaving, or the network failed; endWithoutDone tells which.
    }
    update(endWithoutDone(state, stoppedRef.current));
    if (abortRef.current === controller) abortRef.current = null;
    return state;
  }, []);

  const stop = useCallback(() => {
    stoppedRef.current = true;
    abortRef.current?.abort();
  }, []);

  const clear = useCallback(() => setTurn(null), []);

  return { turn, streaming: turn !== null && turn.reply.status === null, send, stop, clear };
}
