/** Small node:http helpers shared by the demo model's routes. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { errorBody, newRequestId, type OpenAIErrorBody } from "./shapes";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly body: OpenAIErrorBody,
  ) {
    super(body.error.message);
  }
}

/** Reads and parses a JSON body; a malformed or oversize one becomes OpenAI's 400/413. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      throw new BodyError(413, errorBody(`The request body is larger than ${MAX_BODY_BYTES} bytes.`, "invalid_request_error"));
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BodyError(
      400,
      errorBody("The request body is not valid JSON. Send a JSON object with 'model' and 'messages'.", "invalid_request_error"),
    );
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    "x-request-id": newRequestId(),
    ...headers,
  });
  res.end(payload);
}

/** An AbortSignal that fires when the client goes away before the response finished. */
export function clientGone(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** Waits `ms` unless the signal fires first; resolves false when it did. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** Any non-empty bearer key, or exactly `expected` when one is configured; 401 otherwise. */
export function authorized(req: IncomingMessage, res: ServerResponse, expected: string | undefined): boolean {
  const key = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? "")?.[1]?.trim();
  if (!key) {
    sendJson(res, 401, errorBody("No API key provided. Send it as 'Authorization: Bearer <key>'.", "invalid_request_error"));
    return false;
  }
  if (expected !== undefined && key !== expected) {
    sendJson(res, 401, errorBody("Incorrect API key provided.", "invalid_request_error", null, "invalid_api_key"));
    return false;
  }
  return true;
}

export function notFound(res: ServerResponse, req: IncomingMessage): void {
  sendJson(res, 404, errorBody(`Unknown request URL: ${req.method} ${req.url}.`, "invalid_request_error", null, "unknown_url"));
}
