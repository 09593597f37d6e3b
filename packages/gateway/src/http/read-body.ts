import { GatewayError } from "../errors";

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

// Past this, an oversize upload is cut off (connection reset) instead of being read to its end.
const DISCARD_LIMIT_FACTOR = 16;

/**
 * Reads a JSON body. An oversize one costs at most `maxBytes` of memory: the rest is read and
 * dropped (up to a bound) so that the client, still uploading, gets to see the 413 instead of
 * a reset connection. `raw` is the node request the Request was made from, when there is one:
 * read directly, its chunks skip the web stream undici wraps around it.
 */
export async function readJsonBody(request: Request, maxBytes: number, raw?: AsyncIterable<Uint8Array>): Promise<unknown> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes * DISCARD_LIMIT_FACTOR) throw tooLarge(maxBytes);
  const source = raw ?? (request.body as AsyncIterable<Uint8Array> | null);
  const text = source ? await readText(source, maxBytes) : "";
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

async function readText(source: AsyncIterable<Uint8Array>, maxBytes: number): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels a web stream and destroys a node stream: past the discard
  // bound the upload is cut off.
  try {
    for await (const value of source) {
      size += value.byteLength;
      if (size > maxBytes * DISCARD_LIMIT_FACTOR) throw tooLarge(maxBytes);
      if (size <= maxBytes) chunks.push(value);
    }
  } catch (error) {
    if (error instanceof GatewayError) throw error;
    // The client hung up mid-upload (node's "aborted"): its fault, not ours, so not a 500.
    throw new GatewayError("invalid_request", "The request body ended before it was complete. Send the whole body again.");
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
