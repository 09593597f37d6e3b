import type { Db } from "@meterkit/db";
import { GatewayError, isGatewayError } from "../errors";
import { GatewayCaches, type Authenticate } from "../pipeline/gateway-caches";
import type { ChatDeps } from "../pipeline/types";
import { handleChatCompletions } from "./chat-completions";
import { handleListModels, handleRetrieveModel } from "./models";
import { DEFAULT_MAX_BODY_BYTES } from "./read-body";
import { errorResponse, internalError } from "./respond";

export type { Authenticate };

export type V1Options = ChatDeps & {
  db: Db;
  authenticate: Authenticate;
  /** Default 1 MiB. */
  maxBodyBytes?: number;
  /**
   * Where verified keys, accounts and rates are remembered (decisions 082, 111): pass the
   * process's shared instance, fed by change notices. Without it the handler keeps its own for
   * `cacheTtlMs` (default 2,000; 0 reads them for every request). Spend, reservations and rate
   * limits are never cached.
   */
  caches?: GatewayCaches;
  cacheTtlMs?: number;
  /**
   * (From ChatDeps.) The process's admission leases (decision 116): a busy key's requests are
   * then admitted without a round trip while a lease covers them. Close it on shutdown.
   */
  leases?: ChatDeps["leases"];
};

export type V1Caller = { apiKeyId: string; customerId: string };

/**
 * The OpenAI-compatible API as one Fetch-API function: mount it in express (toNodeListener)
 * before the Remix handler, or call it from a Remix resource route.
 */
export function createV1Handler(input: V1Options): (request: Request, raw?: AsyncIterable<Uint8Array>) => Promise<Response> {
  const maxBodyBytes = input.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const caches = input.caches ?? new GatewayCaches(input.db, input.cacheTtlMs ?? 2_000);
  const options: V1Options = { ...input, lookups: input.lookups ?? caches.lookups, authenticate: caches.authenticate(input.authenticate) };
  // `raw`: the node request behind `request` (toNodeListener passes it), whose body is read directly.
  return async function handleV1(request, raw) {
    try {
      const path = new URL(request.url).pathname.replace(/\/+$/, "");
      const route = matchRoute(request.method, path);
      const caller = await authenticate(options.authenticate, request);
      if (route === "chat") return await handleChatCompletions(options, caller, request, maxBodyBytes, raw);
      if (route === "models") return await handleListModels(options.db, caller);
      return await handleRetrieveModel(options.db, caller, decodeModelId(path.slice("/v1/models/".length)));
    } catch (error) {
      if (isGatewayError(error)) return errorResponse(error);
      return internalError(error);
    }
  };
}

type Route = "chat" | "models" | "model";

/** A malformed escape (`%E0`) names no model; it must be a 404, not a thrown URIError. */
function decodeModelId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function matchRoute(method: string, path: string): Route {
  const route: Route | null =
    path === "/v1/chat/completions" ? "chat" : path === "/v1/models" ? "models" : path.startsWith("/v1/models/") ? "model" : null;
  if (!route) throw new GatewayError("unknown_url", `Invalid URL (${method} ${path}).`);
  const allowed = route === "chat" ? "POST" : "GET";
  if (method !== allowed) {
    throw new GatewayError("method_not_allowed", `Invalid method ${method} for ${path}; use ${allowed}.`, null, {
      headers: { allow: allowed },
    });
  }
  return route;
}

async function authenticate(verify: Authenticate, request: Request): Promise<V1Caller> {
  const header = request.headers.get("authorization") ?? "";
  const raw = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!raw) {
    throw new GatewayError(
      "invalid_api_key",
      "You didn't provide an API key. Send it in the Authorization header as 'Bearer YOUR_KEY'.",
    );
  }
  const key = await verify(raw);
  if (!key) {
    const shown = raw.length > 12 ? `${raw.slice(0, 8)}…${raw.slice(-4)}` : "(redacted)";
    throw new GatewayError("invalid_api_key", `Incorrect API key provided: ${shown}. Create a new key on the API keys page.`);
  }
  return { apiKeyId: key.id, customerId: key.customerId };
}
