import type { IncomingMessage, ServerResponse } from "node:http";
import { once } from "node:events";
import { wholeBodyOf } from "./respond";
import { directBodyOf } from "./sse-body";

/** A Fetch-API handler; `raw` is the node request it came from, for what Request cannot carry (express's `req.ip`, route params). */
export type FetchHandler = (request: Request, raw: IncomingMessage) => Promise<Response>;

/**
 * Serves a Fetch-API handler from node:http or express (mount it before the Remix handler).
 * The request's AbortSignal fires when the client goes away before the response finished, which
 * is how a disconnect reaches the upstream call and gets the partial reply billed as aborted.
 */
export function toNodeListener(handler: FetchHandler, options: NodeListenerOptions = {}) {
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse): void => {
    const controller = new AbortController();
    res.once("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    let request: Request;
    try {
      request = toRequest(req, controller.signal, options.bodyFromRaw === true);
    } catch {
      // A method Fetch refuses, or a Host header no URL can hold (or one with credentials in
      // it): the client's mistake, answered as one, never a 500 with a stack trace.
      if (FETCH_FORBIDDEN_METHODS.test(req.method ?? "")) return refuse(res, 405, `The ${req.method} method is not allowed here.`);
      return refuse(res, 400, "The Host header or the request path is not valid.");
    }
    handler(request, req)
      .then((response) => writeResponse(response, res, controller.signal))
      .catch((error: unknown) => {
        // The handler answers every expected failure itself; this is the last line of defence.
        console.error("fetch handler crashed", error);
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: { message: "Internal error", type: "server_error", param: null, code: null } }));
        } else res.destroy();
      });
  };
}

export type NodeListenerOptions = {
  /**
   * The handler reads the body from `raw` (as createV1Handler's does), so the Request is built
   * without one: no body stream per request for nobody to read.
   */
  bodyFromRaw?: boolean;
};

const FETCH_FORBIDDEN_METHODS = /^(CONNECT|TRACE)$/i;

function refuse(res: ServerResponse, status: number, message: string): void {
  const body = JSON.stringify({ error: { message, type: "invalid_request_error", param: null, code: null } });
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)), ...(status === 405 ? { allow: "GET, POST" } : {}) });
  res.end(body);
}

function toRequest(req: IncomingMessage & { originalUrl?: string }, signal: AbortSignal, bodyFromRaw: boolean): Request {
  const url = `http://${req.headers.host ?? "localhost"}${req.originalUrl ?? req.url ?? "/"}`;
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i] as string, req.rawHeaders[i + 1] as string);
  const hasBody = !bodyFromRaw && req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, {
    method: req.method ?? "GET",
    headers,
    signal,
    // An IncomingMessage is an async iterable of chunks, which undici streams without a web-stream copy.
    ...(hasBody ? { body: req as unknown as AsyncIterable<Uint8Array>, duplex: "half" } : {}),
  } as RequestInit);
}

async function writeResponse(response: Response, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  const whole = wholeBodyOf(response);
  if (whole !== undefined) {
    // Headers and body in one write; the body stream was never touched.
    headers["content-length"] = String(Buffer.byteLength(whole));
    res.writeHead(response.status, headers);
    return void res.end(whole);
  }
  res.writeHead(response.status, headers);
  const direct = directBodyOf(response);
  if (direct) return direct.attach(res, signal);
  if (!response.body) return void res.end();
  const reader = response.body.getReader();
  // Chunks that are ready together (a burst of tokens from a fast model, the last chunks of a
  // stream) leave in one system call instead of one each: the socket is corked on the first
  // write of a tick and uncorked once the tick's promise jobs, this loop's reads among them, ran.
  let corked = false;
  const uncork = () => {
    corked = false;
    res.uncork();
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (signal.aborted) throw signal.reason;
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(uncork);
      }
      if (!res.write(value)) await once(res, "drain", { signal });
    }
    res.end();
  } catch {
    // The client left: cancelling the body tells the producer to stop and bill what was sent.
    await reader.cancel().catch(() => undefined);
    res.destroy();
  }
}
