/**
 * Server-sent events from a byte stream, parsed synchronously per chunk (the SSE format of the
 * WHATWG HTML standard, as model providers send it: `data:` lines, events ended by a blank line).
 *
 * Why not the openai SDK's own reader: it runs every event through three nested async generators
 * (bytes → lines → messages → chunks), several promises and microtask hops per token. For a
 * gateway relaying a reply token by token that was the largest share of its CPU time per delta
 * (decision 041). Here a network chunk is split into all the events it holds in one synchronous
 * call, and the caller's single loop handles them.
 */
export type SseEvent = { event: string | null; data: string };

export class SseParser {
  private readonly decoder = new TextDecoder();
  private pending = "";
  private event: string | null = null;
  private data: string[] = [];

  /** The events completed by this chunk; a partial line or event waits for the next one. */
  push(chunk: Uint8Array): SseEvent[] {
    // stream: true keeps a multi-byte character split across chunks for the next call.
    const text = this.pending + this.decoder.decode(chunk, { stream: true });
    const events: SseEvent[] = [];
    let start = 0;
    for (;;) {
      const newline = nextLineEnd(text, start);
      if (newline === -1) break;
      // A CR at the very end may be the first half of a CRLF: wait for the next chunk.
      if (text.charCodeAt(newline) === 13 && newline === text.length - 1) break;
      this.line(text.slice(start, newline), events);
      start = newline + (text.charCodeAt(newline) === 13 && text.charCodeAt(newline + 1) === 10 ? 2 : 1);
    }
    this.pending = text.slice(start);
    return events;
  }

  /** What is left when the stream ends: an event not yet closed by a blank line is dropped, as the standard says. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    const rest = this.pending + this.decoder.decode();
    this.pending = "";
    if (rest.length > 0) this.line(rest.replace(/\r$/, ""), events);
    return events;
  }

  private line(line: string, events: SseEvent[]): void {
    if (line.length === 0) {
      if (this.data.length > 0) events.push({ event: this.event, data: this.data.join("\n") });
      this.event = null;
      this.data = [];
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ":" starts a comment (keep-alives)
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === "data") this.data.push(value);
    else if (field === "event") this.event = value;
    // id and retry mean nothing to a one-shot reply.
  }
}

function nextLineEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}
