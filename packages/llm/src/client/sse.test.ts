import { describe, expect, it } from "vitest";
import { SseParser } from "./sse";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("SseParser", () => {
  it("returns every event a chunk completes, and keeps a partial one for the next chunk", () => {
    const parser = new SseParser();
    expect(parser.push(bytes('data: {"a":1}\n\ndata: {"b":2}\n\nda'))).toEqual([
      { event: null, data: '{"a":1}' },
      { event: null, data: '{"b":2}' },
    ]);
    expect(parser.push(bytes('ta: {"c":3}\n'))).toEqual([]);
    expect(parser.push(bytes("\ndata: [DONE]\n\n"))).toEqual([
      { event: null, data: '{"c":3}' },
      { event: null, data: "[DONE]" },
    ]);
    expect(parser.end()).toEqual([]);
  });

  it("keeps a multi-byte character split between chunks whole", () => {
    const parser = new SseParser();
    const encoded = bytes('data: {"t":"漢🚀"}\n\n');
    const cut = encoded.indexOf(0xf0) + 2; // inside the emoji's four bytes
    expect(parser.push(encoded.slice(0, cut))).toEqual([]);
    expect(parser.push(encoded.slice(cut))).toEqual([{ event: null, data: '{"t":"漢🚀"}' }]);
  });

  it("reads CRLF and CR line ends, even a CRLF split between chunks", () => {
    const parser = new SseParser();
    expect(parser.push(bytes("data: one\r\n\r"))).toEqual([]);
    expect(parser.push(bytes("\ndata: two\r\rdata: three\n\n"))).toEqual([
      { event: null, data: "one" },
      { event: null, data: "two" },
      { event: null, data: "three" },
    ]);
  });

  it("names events, joins data lines, skips comments and fields it does not use", () => {
    const parser = new SseParser();
    const events = parser.push(bytes(": keep-alive\n\nevent: error\nid: 7\ndata: {\"error\":\ndata: 1}\nretry: 10\n\ndata:no-space\n\n"));
    expect(events).toEqual([
      { event: "error", data: '{"error":\n1}' },
      { event: null, data: "no-space" },
    ]);
  });

  it("drops an event the stream never closed with a blank line", () => {
    const parser = new SseParser();
    expect(parser.push(bytes("data: cut off"))).toEqual([]);
    expect(parser.end()).toEqual([]);
  });
});
