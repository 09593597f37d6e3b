import http, { type IncomingMessage } from "node:http";
import https from "node:https";

/**
 * The `fetch` the openai SDK is given: node:http(s) with keep-alive agents instead of Node's
 * global fetch (undici).
 *
 * Why: a relayed reply arrives as one small SSE chunk per token. Through the global fetch each
 * chunk crosses undici's body web stream and the SDK's reader of it, several promises and
 * microtask hops per token, which was a large share of the gateway's CPU per reply (decision
 * 041). The SDK reads `response.body` as an async iterable when it is one, so here the body is
 * the IncomingMessage itself and chunks go from the socket to the SDK's SSE parser as they are.
 *
 * It implements what the SDK uses and nothing more: string or byte bodies, abort signals (an
 * abort destroys the request or the body with an AbortError, which the SDK treats as the
 * caller's abort or its own timeout), and a Response-shaped result with status, headers,
 * `body`, `text()`, `json()` and `arrayBuffer()`. Redirects are not followed; model APIs do not
 * send them, and a redirect then surfaces as an error status instead of a silent second request.
 */
export function createNodeFetch(): typeof fetch {
  const agents = {
    "http:": new http.Agent({ keepAlive: true, scheduling: "lifo" }),
    "https:": new https.Agent({ keepAlive: true, scheduling: "lifo" }),
  };
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const transport = url.protocol === "https:" ? https : url.protocol === "http:" ? http : null;
    if (!transport) throw new TypeError(`Unsupported protocol ${url.protocol}`);
    const body = requestBody(init.body);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => (headers[key] = value));
    if (body !== undefined) headers["content-length"] = String(body.byteLength);
    const signal = init.signal ?? undefined;

    return await new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      const request = transport.request(url, { method: init.method ?? "GET", headers, agent: agents[url.protocol as "http:" | "https:"] });
      let response: IncomingMessage | null = null;
      const onAbort = () => {
        const error = abortError(signal);
        if (response) response.destroy(error);
        request.destroy(error);
        reject(error);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      const forget = () => signal?.removeEventListener("abort", onAbort);
      request.once("error", (error) => {
        forget();
        // undici's shape: the SDK treats any rejection as a connection error and may retry it.
        reject(new TypeError("fetch failed", { cause: error }));
      });
      request.once("response", (res) => {
        response = res;
        res.once("close", forget);
        resolve(new NodeResponse(res, url.href) as unknown as Response);
      });
      request.end(body);
    });
  }) as typeof fetch;
}

function requestBody(body: RequestInit["body"]): Buffer | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError("This fetch sends string or byte bodies only.");
}

function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return new DOMException("This operation was aborted", "AbortError");
}

/** The part of Response the SDK reads; `body` is a Node stream, which it iterates directly. */
class NodeResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers = new Headers();
  readonly redirected = false;
  readonly type = "basic";

  constructor(
    readonly body: IncomingMessage,
    readonly url: string,
  ) {
    this.status = body.statusCode ?? 0;
    this.statusText = body.statusMessage ?? "";
    this.ok = this.status >= 200 && this.status < 300;
    for (const [name, value] of Object.entries(body.headers)) {
      if (Array.isArray(value)) for (const v of value) this.headers.append(name, v);
      else if (value !== undefined) this.headers.set(name, value);
    }
  }

  get bodyUsed(): boolean {
    return this.body.readableEnded || this.body.destroyed;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.body) chunks.push(chunk as Buffer);
    const all = Buffer.concat(chunks);
    return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(await this.arrayBuffer());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}
