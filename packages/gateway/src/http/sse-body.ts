import { once } from "node:events";
import type { ServerResponse } from "node:http";

const encoder = new TextEncoder();

/** Chunks a Fetch reader may fall behind by before the producer waits (backpressure). */
const HIGH_WATER_MARK = 64;

// The streamed body behind each SSE response made here, for the node adapter (directBodyOf).
const directBodies = new WeakMap<Response, SseBody>();

/**
 * A streamed response body with two ways out. Served by the node adapter, each chunk is written
 * straight to the socket as a string, with no web stream, encoder or promise per chunk in
 * between: a streamed reply is a chunk per token, and that machinery was most of what the
 * gateway spent per token after the network itself. Returned to any other Fetch caller (a Remix
 * resource route), it is an ordinary ReadableStream.
 *
 * `write` returns a promise when the reader is behind (a slow client): the producer waits, so a
 * reply is never buffered whole in memory. `cancelled` fires when the reader goes away.
 */
export class SseBody {
  readonly cancelled = new AbortController();
  readonly stream: ReadableStream<Uint8Array>;
  private queue: string[] = [];
  private ended = false;
  private failure: { error: unknown } | null = null;
  private res: ServerResponse | null = null;
  /** What a producer waits on while the reader is behind (one promise, however many writes wait). */
  private caughtUp: Promise<void> | null = null;
  private resumeWriter: (() => void) | null = null;
  /** The Fetch reader, waiting for a chunk. */
  private wakeReader: (() => void) | null = null;
  private corked = false;

  constructor() {
    // However the reader's departure is learned (here, or by the caller aborting `cancelled`), a
    // producer waiting for it to catch up must not wait forever.
    this.cancelled.signal.addEventListener("abort", () => this.resume(), { once: true });
    // highWaterMark 0: nothing is pulled before a reader asks, so a body the node adapter serves
    // directly never has chunks taken into a web stream that nobody reads.
    this.stream = new ReadableStream<Uint8Array>(
      {
        pull: (controller) => this.pull(controller),
        cancel: () => this.cancel(),
      },
      { highWaterMark: 0 },
    );
  }

  /** The Response carrying this body, known to the node adapter. */
  toResponse(init: ResponseInit): Response {
    const response = new Response(this.stream, init);
    directBodies.set(response, this);
    return response;
  }

  write(text: string): void | Promise<void> {
    if (this.ended || this.cancelled.signal.aborted) return;
    const res = this.res;
    if (res) {
      this.cork(res);
      if (res.write(text)) return;
      return once(res, "drain", { signal: this.cancelled.signal }).then(
        () => undefined,
        () => undefined,
      );
    }
    this.queue.push(text);
    this.wake();
    if (this.queue.length >= HIGH_WATER_MARK) return (this.caughtUp ??= new Promise<void>((resolve) => (this.resumeWriter = resolve)));
  }

  close(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.res && !this.cancelled.signal.aborted) this.res.end();
    this.wake();
  }

  error(error: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = { error };
    this.res?.destroy();
    this.wake();
  }

  /**
   * Serves the body on `res` (headers already written): what is queued goes first, then every
   * write goes to the socket directly. Resolves when the response ended or the client left.
   */
  async attach(res: ServerResponse, clientSignal: AbortSignal): Promise<void> {
    this.res = res;
    const queued = this.queue;
    this.queue = [];
    if (queued.length > 0) {
      this.cork(res);
      res.write(queued.join(""));
    } else res.flushHeaders(); // an event stream's client hears of it at once, even before its first event
    this.resume();
    if (this.failure) return void res.destroy();
    if (this.ended) return void res.end();
    // Already gone: "close" has fired and will not again, and a write would wait for a drain
    // that never comes.
    if (clientSignal.aborted || res.destroyed) return void this.cancel();
    const gone = () => this.cancel();
    clientSignal.addEventListener("abort", gone, { once: true });
    try {
      await once(res, "close");
    } finally {
      clientSignal.removeEventListener("abort", gone);
    }
  }

  // Chunks written in one tick (a burst of tokens, the last chunks of a reply) leave in one
  // system call: the socket is corked on the tick's first write and uncorked after it.
  private cork(res: ServerResponse): void {
    if (this.corked) return;
    this.corked = true;
    res.cork();
    process.nextTick(() => {
      this.corked = false;
      res.uncork();
    });
  }

  private async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    while (this.queue.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wakeReader = resolve));
    if (this.queue.length > 0) {
      controller.enqueue(encoder.encode(this.queue.join("")));
      this.queue = [];
      this.resume();
      return;
    }
    if (this.failure) controller.error(this.failure.error);
    else controller.close();
  }

  private wake(): void {
    this.wakeReader?.();
    this.wakeReader = null;
  }

  private cancel(): void {
    this.cancelled.abort();
  }

  private resume(): void {
    this.resumeWriter?.();
    this.resumeWriter = null;
    this.caughtUp = null;
  }
}

/** The SseBody behind a response made by SseBody.toResponse, when nothing has read it yet. */
export function directBodyOf(response: Response): SseBody | undefined {
  return response.bodyUsed ? undefined : directBodies.get(response);
}
