import type { FinalStatus, ParsedLine, UiComponent, UsagePart } from "./stream-parts";

/** What the chat shows of a reply while it streams and after it ended. */
export interface ReplyState {
  text: string;
  usage: Omit<UsagePart, "type"> | null;
  ui: UiComponent[];
  error: { code: string; message: string } | null;
  /** Null while streaming. */
  status: FinalStatus | null;
  requestId: string | null;
  conversationId: string | null;
  /** The stored user message of this turn (null when the message was refused). */
  userMessageId: string | null;
  /** The stored assistant message, known from `done`. */
  messageId: string | null;
  usageEventId: string | null;
}

export const emptyReply: ReplyState = {
  text: "",
  usage: null,
  ui: [],
  error: null,
  status: null,
  requestId: null,
  conversationId: null,
  userMessageId: null,
  messageId: null,
  usageEventId: null,
};

/**
 * Applies one parsed line to the reply. Malformed lines become visible text (nothing is silently
 * lost); unknown part types are skipped. The final `done` replaces the live meter with the
 * ledger's exact numbers, keeping the context window size from the last live update.
 */
export function applyLine(state: ReplyState, line: ParsedLine): ReplyState {
  if (line.kind === "unknown") return state;
  if (line.kind === "malformed") return { ...state, text: state.text + line.text };
  const part = line.part;
  switch (part.type) {
    case "start":
      return { ...state, requestId: part.requestId, conversationId: part.conversationId, userMessageId: part.userMessageId };
    case "text":
      return { ...state, text: state.text + part.delta };
    case "usage": {
      const { type: _type, ...usage } = part;
      return { ...state, usage };
    }
    case "ui": {
      const { type: _type, ...component } = part;
      return { ...state, ui: [...state.ui, component] };
    }
    case "error":
      return { ...state, error: { code: part.code, message: part.message } };
    case "done": {
      const window = state.usage?.contextWindow ?? 0;
      const fill = state.usage?.contextFill ?? 0;
      return {
        ...state,
        status: part.status,
        messageId: part.messageId,
        usageEventId: part.usageEventId,
        usage: part.status === "refused" ? state.usage : { ...part.usage, contextWindow: window, contextFill: fill },
      };
    }
  }
}

/** The stream ended without a `done` part (connection lost, or stopped by the user). */
export function endWithoutDone(state: ReplyState, stoppedByUser: boolean): ReplyState {
  if (state.status) return state;
  return stoppedByUser
    ? { ...state, status: "aborted" }
    : { ...state, status: "failed", error: state.error ?? { code: "connection_lost", message: "The connection was lost before the reply finished." } };
}
