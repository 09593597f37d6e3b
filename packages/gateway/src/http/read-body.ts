import { GatewayError } from "../errors";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

// Past this, an oversize upload is cut off (connection reset) instead of being read to its end.
const DISCARD_LIMIT_FACTOR = 16;

/**
 * Reads a JSON body. An oversize one costs at most `maxBytes` of memory: the rest is read and
 * dropped (up to a bound) so that the client, still uploading, gets to see the 413 instead of
 * a reset connection.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes * DISCARD_LIMIT_FACTOR) throw tooLarge(maxBytes);
  const text = await readText(request, maxBytes);
  if (text.trim() === "") {
    throw new GatewayError("invalid_json", "The request body is empty. Send a JSON object with 'model' and 'messages'.");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GatewayError(
      "invalid_json",
      "We could not parse the JSON body of your request. Send valid JSON with 'Content-Type: application/json'.",
    );
  }
}

async function readText(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes * DISCARD_LIMIT_FACTOR) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(maxBytes);
    }
    if (size <= maxBytes) chunks.push(value);
  }
  if (size > maxBytes) throw tooLarge(maxBytes);
  // Invalid UTF-8 becomes U+FFFD rather than an exception; the JSON parser judges the rest.
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(maxBytes: number): GatewayError {
  return new GatewayError(
    "request_too_large",
    `The request body is larger than the limit of ${maxBytes} bytes. Send fewer or shorter messages.`,
  );
}
