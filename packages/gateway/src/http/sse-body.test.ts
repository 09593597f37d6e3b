import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { directBodyOf, SseBody } from "./sse-body";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("SseBody read as a web stream (any Fetch caller but the node adapter)", () => {
  it("delivers every chunk in order, those written before the first read included, then ends", async () => {
    const body = new SseBody();
    const response = body.toResponse({ status: 200 });
    void body.write("data: 1\n\n");
    void body.write("data: 2\n\n");
    const text = readAll(response.body!);
    void body.write("data: [DONE]\n\n");
    body.close();
    expect(await text).toBe("data: 1\n\ndata: 2\n\ndata: [DONE]\n\n");
    // Read by a Fetch caller, it is no longer the node adapter's to serve.
    expect(directBodyOf(response)).toBeUndefined();
  });

  it("makes the producer wait while the reader is far behind, and resumes it once it reads", async () => {
    const body = new SseBody();
    const waits = Array.from({ length: 70 }, (_, i) => body.write(`${i},`));
    const firstWait = waits.findIndex((w) => w instanceof Promise);
    expect(firstWait).toBe(63);
    const reader = body.stream.getReader();
    const { value } = await reader.read();
    // One read takes everything queued, and every waiting write goes on.
    expect(new TextDecoder().decode(value).split(",")).toHaveLength(71);
    await Promise.all(waits);
    body.close();
    expect((await reader.read()).done).toBe(true);
  });

  it("tells the producer when the reader goes away", async () => {
    const body = new SseBody();
    void body.write("data: 1\n\n");
    await body.stream.cancel();
    expect(body.cancelled.signal.aborted).toBe(true);
    // Writes after that are dropped, not queued.
    expect(body.write("data: 2\n\n")).toBeUndefined();
  });

  it("passes a producer's failure on to the reader", async () => {
    const body = new SseBody();
    void body.write("data: 1\n\n");
    body.error(new Error("upstream broke"));
    await expect(readAll(body.stream)).rejects.toThrow("upstream broke");
  });

  it("lets a waiting producer go on when the caller aborts `cancelled` itself", async () => {
    const body = new SseBody();
    const waits = Array.from({ length: 64 }, (_, i) => body.write(`${i},`));
    const waiting = waits.at(-1);
    expect(waiting).toBeInstanceOf(Promise);
    body.cancelled.abort();
    await waiting;
  });
});

describe("SseBody served on a node response (the node adapter's way)", () => {
  it("makes the producer wait while the client does not read, and goes on once it does", async () => {
    const body = new SseBody();
    const client = new AbortController();
    let served!: Promise<void>;
    const server = createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      served = body.attach(res, client.signal);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await new Promise<IncomingMessage>((resolve) => request({ port, method: "POST" }, resolve).end());
      response.pause();
      // Write until the response pushes back (its own buffer is full). Without backpressure this
      // would run to the cap, and the whole reply would sit in memory.
      const chunk = `data: ${"x".repeat(1_000)}\n\n`;
      let written = 0;
      let waiting: void | Promise<void> = undefined;
      while (!waiting && written < 200_000_000) {
        waiting = body.write(chunk);
        written += chunk.length;
        if (written % 1_000_000 < chunk.length) await new Promise((resolve) => setImmediate(resolve));
      }
      expect(waiting).toBeInstanceOf(Promise);
      expect(written).toBeLessThan(200_000_000);

      let received = 0;
      response.on("data", (data: Buffer) => (received += data.length));
      const ended = new Promise((resolve) => response.once("end", resolve));
      response.resume();
      await waiting;
      body.close();
      await served;
      await ended;
      expect(received).toBe(written);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
