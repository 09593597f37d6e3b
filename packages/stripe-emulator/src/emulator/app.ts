import type { IncomingMessage, ServerResponse } from "node:http";
import type { Faults } from "../core/faults";
import { newId } from "../core/ids";
import type { EmulatorState } from "../core/state";
import { authenticate, bearerToken, type KeyCheck } from "../http/auth";
import { Reply, type RequestContext, type RouteKind } from "../http/context";
import { ApiError, invalidRequest, unrecognizedUrl } from "../http/errors";
import { canonicalParams, parseForm, type Params } from "../http/form";
import { remember, replayFor } from "../http/idempotency";
import type { Router } from "../http/router";
import { send, sendError, type ResponseMeta } from "../http/send";
import { authenticateStream } from "../resources/meter-events-v2";
import { parseJson, readBody } from "./body";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function rateLimited(withRetryHeader: boolean): ApiError {
  return new ApiError(
    429,
    {
      type: "invalid_request_error",
      code: "rate_limit",
      message: "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
      doc_url: "https://stripe.com/docs/error-codes/rate-limit",
    },
    withRetryHeader ? { "Stripe-Should-Retry": "true" } : {},
  );
}

function serverError(status: number): ApiError {
  return new ApiError(status, { type: "api_error", message: "An unknown error occurred (injected by the emulator's fault settings)." });
}

/** Ties routing, auth, faults and idempotency together for one HTTP request. */
export class EmulatorApp {
  constructor(
    readonly router: Router,
    readonly state: EmulatorState,
    readonly faults: Faults,
    private readonly keys: KeyCheck,
    private readonly publicUrl: string | undefined,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", "http://emulator.local");
    const path = url.pathname;
    const match = this.router.match(method, path);
    const isApi = path.startsWith("/v1/") || path.startsWith("/v2/");
    const kind: RouteKind = match?.route.kind ?? (isApi ? "v1" : "local");
    const headerKey = req.headers["idempotency-key"];
    const meta: ResponseMeta = {
      requestId: newId("req", 14),
      idempotencyKey: typeof headerKey === "string" ? headerKey : null,
      stripeVersion: typeof req.headers["stripe-version"] === "string" ? req.headers["stripe-version"] : undefined,
    };
    if (kind !== "local") {
      const counter = `${method} ${match?.route.pattern ?? path}`;
      this.state.stats.requests[counter] = (this.state.stats.requests[counter] ?? 0) + 1;
    }
    try {
      const raw = await readBody(req);
      const fault = kind === "local" ? undefined : this.faults.decide(path);
      if (fault?.latencyMs) await sleep(fault.latencyMs);
      if (fault?.resetBefore) return void req.socket.destroy();
      if (kind === "v2stream") authenticateStream(this.state, bearerToken(req.headers.authorization));
      else if (kind !== "local") authenticate(req.headers.authorization, this.keys);
      if (fault?.status429) throw rateLimited(!this.faults.current.rate429NoRetryHeader);
      if (fault?.status5xx) throw serverError(fault.status5xx);
      if (!match) throw unrecognizedUrl(method, path);

      // curl sends `-d '{…}'` as a form; the control hooks take JSON either way.
      const isJson = (req.headers["content-type"] ?? "").includes("application/json") || (kind === "local" && raw.trimStart().startsWith("{"));
      if (isJson && kind === "v1" && raw.trim() !== "") {
        throw invalidRequest("v1 endpoints take application/x-www-form-urlencoded bodies, not JSON.");
      }
      const json = isJson ? parseJson(raw) : undefined;
      const params: Params = method === "GET" || method === "DELETE" ? parseForm(url.search.slice(1)) : isJson ? {} : parseForm(raw);
      const ctx: RequestContext = {
        method, path, route: match.params, params, json, headers: req.headers, state: this.state,
        baseUrl: this.publicUrl ?? `http://${req.headers.host ?? "127.0.0.1"}`,
        requestId: meta.requestId, idempotencyKey: meta.idempotencyKey,
      };
      const idempotent = method === "POST" && kind !== "local" && meta.idempotencyKey !== null;
      const paramsHash = canonicalParams(isJson ? json : params);
      const saved = idempotent ? replayFor(this.state, meta.idempotencyKey ?? "", method, path, paramsHash) : undefined;
      if (saved) {
        if (fault?.resetAfter) return void req.socket.destroy();
        return send(res, saved.status, JSON.parse(saved.body), meta, { "idempotent-replayed": "true" });
      }
      let status: number;
      let body: unknown;
      let headers: Record<string, string> = {};
      try {
        const result = match.route.handler(ctx);
        if (result instanceof Reply) ({ status, body, headers } = result);
        else [status, body] = [200, result];
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        [status, body, headers] = [err.status, { error: err.body }, err.headers];
      }
      if (idempotent) remember(this.state, meta.idempotencyKey ?? "", { method, path, paramsHash, status, body: JSON.stringify(body) });
      // The request took effect; dropping the connection now is the "Stripe got it, the client never heard" case.
      if (fault?.resetAfter) return void req.socket.destroy();
      send(res, status, body, meta, headers);
    } catch (err) {
      if (err instanceof ApiError) return sendError(res, err, meta);
      const message = err instanceof Error ? err.message : String(err);
      sendError(res, new ApiError(500, { type: "api_error", message: `Emulator error: ${message}` }), meta);
    }
  }
}
