/**
 * The chat stream's wire format: newline-delimited JSON, one typed part per line. The server
 * writes parts with `encodePart`; the browser reads them with `createStreamPartParser`, which is
 * defensive on purpose — a chunk may end anywhere (inside a line, inside a UTF-8 character), a
 * proxy may inject garbage, and a newer server may send part types this client does not know.
 * None of that may crash the chat page.
 */

/** Live usage of the reply so far. Cost is in integer micros (1 USD = 1_000_000). */
export interface UsagePart {
  type: "usage";
  promptTokens: number;
  completionTokens: number;
  costMicros: number;
  contextWindow: number;
  /** (prompt that reached the model + completion so far) / context window, 0..1. */
  contextFill: number;
}

export interface DailyUsagePoint {
  day: string;
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
}

/** A UI component the reply carries, rendered as a card inside the assistant message. */
export type UiComponent = { component: "usage-chart"; props: { title: string; days: DailyUsagePoint[]; currency: string } };

export type FinalStatus = "completed" | "aborted" | "failed" | "truncated" | "refused";

export type StreamPart =
  | { type: "start"; requestId: string; conversationId: string; userMessageId: string; model: string }
  | { type: "text"; delta: string }
  | UsagePart
  | ({ type: "ui" } & UiComponent)
  | { type: "error"; code: string; message: string }
  | {
      type: "done";
      status: FinalStatus;
      /** Exact numbers from the ledger event; zeros when nothing was billed. */
      usage: { promptTokens: number; completionTokens: number; costMicros: number };
      messageId: string | null;
      usageEventId: string | null;
    };

export type StreamPartType = StreamPart["type"];

export function encodePart(part: StreamPart): string {
  // JSON.stringify escapes newlines inside strings, so a part is always exactly one line.
  return `${JSON.stringify(part)}\n`;
}

/** What the parser hands out for each complete line. */
export type ParsedLine =
  | { kind: "part"; part: StreamPart }
  /** Not JSON, or a known type with the wrong fields: show it as text rather than lose it. */
  | { kind: "malformed"; text: string }
  /** Well-formed JSON of a type this client does not know: skip it (a newer server). */
  | { kind: "unknown"; type: string };

const isNum = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const isStr = (v: unknown): v is string => typeof v === "string";
const finalStatuses = new Set<string>(["completed", "aborted", "failed", "truncated", "refused"]);

function isDailyPoint(v: unknown): v is DailyUsagePoint {
  const p = v as Record<string, unknown>;
  return typeof v === "object" && v !== null && isStr(p.day) && isNum(p.inputTokens) && isNum(p.outputTokens) && isNum(p.costMicros);
}

/** Field checks per type; a part that fails them is treated as malformed. */
const validators: Record<StreamPartType, (p: Record<string, unknown>) => boolean> = {
  start: (p) => isStr(p.requestId) && isStr(p.conversationId) && isStr(p.userMessageId) && isStr(p.model),
  text: (p) => isStr(p.delta),
  usage: (p) =>
    isNum(p.promptTokens) && isNum(p.completionTokens) && isNum(p.costMicros) && isNum(p.contextWindow) && isNum(p.contextFill),
  ui: (p) => {
    if (p.component !== "usage-chart") return false;
    const props = p.props as Record<string, unknown> | null;
    return typeof props === "object" && props !== null && isStr(props.title) && isStr(props.currency) && Array.isArray(props.days) && props.days.every(isDailyPoint);
  },
  error: (p) => isStr(p.code) && isStr(p.message),
  done: (p) => {
    const u = p.usage as Record<string, unknown> | null;
    return (
      isStr(p.status) && finalStatuses.has(p.status) &&
      typeof u === "object" && u !== null && isNum(u.promptTokens) && isNum(u.completionTokens) && isNum(u.costMicros) &&
      (p.messageId === null || isStr(p.messageId)) && (p.usageEventId === null || isStr(p.usageEventId))
    );
  },
};

export function parseLine(line: string): ParsedLine | null {
  const trimmed = line.trim();
  if (trimmed === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return { kind: "malformed", text: line };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "malformed", text: line };
  const record = value as Record<string, unknown>;
  if (!isStr(record.type)) return { kind: "malformed", text: line };
  if (!Object.hasOwn(validators, record.type)) return { kind: "unknown", type: record.type };
  const valid = validators[record.type as StreamPartType](record);
  return valid ? { kind: "part", part: record as unknown as StreamPart } : { kind: "malformed", text: line };
}

/** A line longer than this without a newline is not a part we sent; it is released as text. */
export const MAX_LINE_CHARS = 1_000_000;

export interface StreamPartParser {
  /** Feed bytes (or already decoded text); returns the lines completed by this chunk. */
  push(chunk: Uint8Array | string): ParsedLine[];
  /** The stream ended: a complete-looking last line without "\n" is parsed, anything else is text. */
  end(): ParsedLine[];
}

export function createStreamPartParser(): StreamPartParser {
  // stream: true keeps a UTF-8 sequence split across chunks until its last byte arrives.
  const decoder = new TextDecoder("utf-8");
  let buffer = "";

  function drain(): ParsedLine[] {
    const out: ParsedLine[] = [];
    let newline = buffer.indexOf("\n");
    while (newline !== -1) {
      const parsed = parseLine(buffer.slice(0, newline));
      if (parsed) out.push(parsed);
      buffer = buffer.slice(newline + 1);
      newline = buffer.indexOf("\n");
    }
    if (buffer.length > MAX_LINE_CHARS) {
      out.push({ kind: "malformed", text: buffer });
      buffer = "";
    }
    return out;
  }

  return {
    push(chunk) {
      buffer += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      return drain();
    },
    end() {
      buffer += decoder.decode();
      const out = drain();
      const rest = buffer;
      buffer = "";
      const parsed = parseLine(rest);
      if (parsed) out.push(parsed);
      return out;
    },
  };
}
