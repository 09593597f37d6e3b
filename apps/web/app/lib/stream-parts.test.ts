import { describe, expect, it } from "vitest";
import { createStreamPartParser, encodePart, MAX_LINE_CHARS, parseLine, type ParsedLine, type StreamPart } from "./stream-parts";

const conversation: StreamPart[] = [
  { type: "start", requestId: "req_1", conversationId: "c1", userMessageId: "m0", model: "meterkit-demo" },
  { type: "usage", promptTokens: 12, completionTokens: 0, costMicros: 12, contextWindow: 16384, contextFill: 0.0007 },
  { type: "text", delta: "Héllo, 東京 🎉\n" },
  { type: "text", delta: 'quotes " and \\ backslashes and \u2028 separators' },
  { type: "usage", promptTokens: 12, completionTokens: 9, costMicros: 48, contextWindow: 16384, contextFill: 0.0013 },
  {
    type: "ui",
    component: "usage-chart",
    props: { title: "Daily usage", currency: "usd", days: [{ day: "2026-01-02", inputTokens: 10, outputTokens: 20, costMicros: 90 }] },
  },
  { type: "error", code: "stream_error", message: "the model went away" },
  { type: "done", status: "failed", usage: { promptTokens: 12, completionTokens: 9, costMicros: 48 }, messageId: "m1", usageEventId: "u1" },
];

const bytes = new TextEncoder().encode(conversation.map(encodePart).join(""));
const partsOf = (lines: ParsedLine[]) => lines.flatMap((l) => (l.kind === "part" ? [l.part] : []));

describe("stream part parser", () => {
  it("round-trips every part type, one part per line", () => {
    const parser = createStreamPartParser();
    const lines = [...parser.push(bytes), ...parser.end()];
    expect(lines.every((l) => l.kind === "part")).toBe(true);
    expect(partsOf(lines)).toEqual(conversation);
  });

  it("gives the same parts whatever byte the stream is split at, multi-byte characters included", () => {
    for (let cut = 0; cut <= bytes.length; cut++) {
      const parser = createStreamPartParser();
      const lines = [...parser.push(bytes.slice(0, cut)), ...parser.push(bytes.slice(cut)), ...parser.end()];
      expect(partsOf(lines), `split at byte ${cut}`).toEqual(conversation);
    }
  });

  it("survives a stream delivered one byte at a time", () => {
    const parser = createStreamPartParser();
    const lines: ParsedLine[] = [];
    for (const byte of bytes) lines.push(...parser.push(Uint8Array.of(byte)));
    lines.push(...parser.end());
    expect(partsOf(lines)).toEqual(conversation);
  });

  it("holds a partial line until its newline arrives", () => {
    const parser = createStreamPartParser();
    const line = encodePart({ type: "text", delta: "abc" });
    expect(parser.push(line.slice(0, 10))).toEqual([]);
    expect(parser.push(line.slice(10, -1))).toEqual([]);
    expect(parser.push("\n")).toEqual([{ kind: "part", part: { type: "text", delta: "abc" } }]);
  });

  it("turns garbage lines into text and keeps going", () => {
    const parser = createStreamPartParser();
    const input = ["<html>502 Bad Gateway</html>", "{not json", "[1,2]", "42", '{"no":"type"}', encodePart({ type: "text", delta: "ok" }).trim(), ""].join("\n");
    const lines = [...parser.push(input), ...parser.end()];
    expect(lines).toEqual([
      { kind: "malformed", text: "<html>502 Bad Gateway</html>" },
      { kind: "malformed", text: "{not json" },
      { kind: "malformed", text: "[1,2]" },
      { kind: "malformed", text: "42" },
      { kind: "malformed", text: '{"no":"type"}' },
      { kind: "part", part: { type: "text", delta: "ok" } },
    ]);
  });

  it("treats a known type with wrong fields as malformed, not as a part", () => {
    for (const bad of [
      '{"type":"text","delta":5}',
      '{"type":"usage","promptTokens":"12","completionTokens":0,"costMicros":0,"contextWindow":1,"contextFill":0}',
      '{"type":"ui","component":"usage-chart","props":{"title":"x","currency":"usd","days":[{"day":1}]}}',
      '{"type":"ui","component":"pie","props":{}}',
      '{"type":"done","status":"exploded","usage":{"promptTokens":0,"completionTokens":0,"costMicros":0},"messageId":null,"usageEventId":null}',
      '{"type":"usage","promptTokens":1e999,"completionTokens":0,"costMicros":0,"contextWindow":1,"contextFill":0}',
    ]) {
      expect(parseLine(bad), bad).toEqual({ kind: "malformed", text: bad });
    }
  });

  it("skips part types it does not know, so a newer server does not break an older page", () => {
    const parser = createStreamPartParser();
    const lines = [...parser.push('{"type":"reasoning","delta":"hmm"}\n{"type":"text","delta":"hi"}\n'), ...parser.end()];
    expect(lines).toEqual([{ kind: "unknown", type: "reasoning" }, { kind: "part", part: { type: "text", delta: "hi" } }]);
  });

  it("at the end, parses a complete last line without a newline and shows a cut one as text", () => {
    const whole = createStreamPartParser();
    whole.push('{"type":"text","delta":"last"}');
    expect(whole.end()).toEqual([{ kind: "part", part: { type: "text", delta: "last" } }]);

    const cut = createStreamPartParser();
    cut.push('{"type":"text","del');
    expect(cut.end()).toEqual([{ kind: "malformed", text: '{"type":"text","del' }]);
  });

  it("ignores blank lines and CRLF line ends", () => {
    const parser = createStreamPartParser();
    expect(parser.push('\n\r\n{"type":"text","delta":"x"}\r\n\n')).toEqual([{ kind: "part", part: { type: "text", delta: "x" } }]);
  });

  it("releases an endless line as text instead of buffering without bound", () => {
    const parser = createStreamPartParser();
    const lines = parser.push("x".repeat(MAX_LINE_CHARS + 1));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.kind).toBe("malformed");
    expect(parser.push('{"type":"text","delta":"after"}\n')).toEqual([{ kind: "part", part: { type: "text", delta: "after" } }]);
  });
});
