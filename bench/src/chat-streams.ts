// One streamed chat reply, read the way its client reads it, timed from the moment the request
// is sent: the demo model's OpenAI SSE (direct) or the customer app's NDJSON stream parts.

export type StreamSample = {
  /** Request sent → first text delta. */
  ttftMs: number;
  /** Request sent → last text delta. */
  lastTextMs: number;
  /** Request sent → end of the response body. */
  endMs: number;
  /** Completion tokens of the reply, as the response itself reports them. */
  tokens: number;
};

/** Splits a response body into lines, calling `onLine` with the time each one arrived. */
async function readLines(response: Response, onLine: (line: string, at: number) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffered = "";
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    const at = performance.now();
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf("\n")) !== -1) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (line) onLine(line, at);
    }
  }
}

function sample(started: number, first: number, last: number, tokens: number): StreamSample {
  if (!first || !tokens) throw new Error("stream ended without text or without a token count");
  return { ttftMs: first - started, lastTextMs: last - started, endMs: performance.now() - started, tokens };
}

type SseChunk = { choices?: Array<{ delta?: { content?: string | null } }>; usage?: { completion_tokens: number } | null };

/** POST /v1/chat/completions with stream: true, straight to the model. */
export async function directStream(modelUrl: string, model: string, prompt: string): Promise<StreamSample> {
  const started = performance.now();
  const response = await fetch(`${modelUrl}/chat/completions`, {
    method: "POST",
    headers: { authorization: "Bearer sk-bench", "content-type": "application/json" },
    body: JSON.stringify({ model, messages: [{ role: "user", content: prompt }], stream: true, stream_options: { include_usage: true } }),
  });
  if (response.status !== 200) throw new Error(`demo model answered ${response.status}: ${await response.text()}`);
  let first = 0;
  let last = 0;
  let tokens = 0;
  await readLines(response, (line, at) => {
    if (!line.startsWith("data: {")) return;
    const chunk = JSON.parse(line.slice(6)) as SseChunk;
    if (chunk.choices?.[0]?.delta?.content) {
      first ||= at;
      last = at;
    }
    if (chunk.usage) tokens = chunk.usage.completion_tokens;
  });
  return sample(started, first, last, tokens);
}

type Part = { type: string; status?: string; usage?: { completionTokens: number }; message?: string };

/** POST /app/chat/:conversationId/stream as the chat page does: session cookie, same origin. */
export async function appStream(appUrl: string, cookie: string, conversationId: string, prompt: string): Promise<StreamSample> {
  const started = performance.now();
  const response = await fetch(`${appUrl}/app/chat/${conversationId}/stream`, {
    method: "POST",
    headers: { cookie, origin: appUrl, "content-type": "application/json" },
    body: JSON.stringify({ message: prompt }),
  });
  if (response.status !== 200) throw new Error(`the app answered ${response.status}: ${await response.text()}`);
  let first = 0;
  let last = 0;
  let tokens = 0;
  await readLines(response, (line, at) => {
    const part = JSON.parse(line) as Part;
    if (part.type === "text") {
      first ||= at;
      last = at;
    } else if (part.type === "done") {
      if (part.status !== "completed") throw new Error(`the reply ended ${part.status}`);
      tokens = part.usage?.completionTokens ?? 0;
    } else if (part.type === "error") {
      throw new Error(`the app sent an error part: ${part.message}`);
    }
  });
  return sample(started, first, last, tokens);
}
