/**
 * The local OpenAI-compatible demo model: lets the whole product run (and be tested) with no
 * provider account, while speaking exactly the wire format a real provider speaks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleChat, type ChatContext, type GenerationRecord } from "./chat";
import { demoFaultsSchema, FaultState, type DemoFaults } from "./faults";
import { authorized, BodyError, notFound, readJson, sendJson } from "./http";
import { devPacing } from "./pacing";
import { errorBody, model } from "./shapes";

import { DEMO_MODEL } from "./model-id";

export { DEMO_MODEL };

export type DemoModelOptions = {
  /** 0 picks a free port. Default 0. */
  port?: number;
  host?: string;
  /** Default 50; Infinity (or 0) sends as fast as possible, for tests and benches. */
  tokensPerSecond?: number;
  /** Default 150 ms. */
  firstTokenLatencyMs?: number;
  faults?: DemoFaults;
  /** Range of natural reply lengths in tokens (before max_tokens). Default 40..260. */
  replyTokens?: { min: number; max: number };
  /** Default 16,384: the catalog entry of meterkit-demo in @meterkit/metering. */
  contextWindow?: number;
  /** Largest accepted max_tokens. Default 4,096, as in the same catalog entry. */
  maxOutputTokens?: number;
  /** When set, only this key is accepted; otherwise any non-empty bearer key is. */
  apiKey?: string;
};

export type DemoModel = {
  /** Base URL including /v1, ready for the openai SDK's `baseURL`. */
  url: string;
  port: number;
  stop(): Promise<void>;
  setFaults(faults: DemoFaults): void;
  /** Every generation that ended, oldest first (the last 1,000). */
  generations(): readonly GenerationRecord[];
  /** Calls `listener` each time a generation ends; returns the unsubscribe function. */
  onGenerationEnd(listener: (generation: GenerationRecord) => void): () => void;
};

const KEPT_GENERATIONS = 1000;

export async function startDemoModel(options: DemoModelOptions = {}): Promise<DemoModel> {
  const faults = new FaultState(options.faults);
  const history: GenerationRecord[] = [];
  const listeners = new Set<(generation: GenerationRecord) => void>();
  const chat: ChatContext = {
    pacing: {
      tokensPerSecond: options.tokensPerSecond ?? devPacing.tokensPerSecond,
      firstTokenLatencyMs: options.firstTokenLatencyMs ?? devPacing.firstTokenLatencyMs,
    },
    replyLength: { minTokens: options.replyTokens?.min ?? 40, maxTokens: options.replyTokens?.max ?? 260 },
    contextWindow: options.contextWindow ?? 16_384,
    maxOutputTokens: options.maxOutputTokens ?? 4_096,
    faults,
    record: (generation) => {
      history.push(generation);
      if (history.length > KEPT_GENERATIONS) history.shift();
      for (const listener of listeners) listener(generation);
    },
  };

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (error instanceof BodyError) return sendJson(res, error.status, error.body);
      sendJson(res, 500, errorBody(`The demo model failed: ${String(error)}`, "server_error"));
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://localhost").pathname.replace(/\/+$/, "");
    if (path === "/_demo/faults") return routeFaults(req, res);
    if (!path.startsWith("/v1/")) return notFound(res, req);
    if (!authorized(req, res, options.apiKey)) return;
    if (req.method === "GET" && path === "/v1/models") return sendJson(res, 200, { object: "list", data: [model(DEMO_MODEL)] });
    // Any model name is served, so configs written for a real provider work unchanged.
    if (req.method === "GET" && path.startsWith("/v1/models/")) {
      return sendJson(res, 200, model(decodeURIComponent(path.slice("/v1/models/".length))));
    }
    if (req.method === "POST" && path === "/v1/chat/completions") return handleChat(chat, req, res);
    notFound(res, req);
  }

  async function routeFaults(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "GET") return sendJson(res, 200, faults.get());
    if (req.method !== "POST") return notFound(res, req);
    const parsed = demoFaultsSchema.safeParse(await readJson(req));
    if (!parsed.success) return sendJson(res, 400, errorBody(parsed.error.message, "invalid_request_error"));
    faults.set(parsed.data);
    sendJson(res, 200, faults.get());
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host ?? "127.0.0.1";
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}/v1`,
    port,
    setFaults: (next) => faults.set(next),
    generations: () => [...history],
    onGenerationEnd: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Streams in flight would keep close() waiting forever.
        server.closeAllConnections();
      }),
  };
}
