import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorState } from "../core/state";
import type { Params } from "./form";

export interface RequestContext {
  method: string;
  path: string;
  /** `:name` segments of the matched route. */
  route: Record<string, string>;
  /** Query params for GET/DELETE, form body for v1 POST (both parsed with bracket nesting). */
  params: Params;
  /** Parsed JSON body (v2 endpoints). */
  json: unknown;
  headers: IncomingHttpHeaders;
  state: EmulatorState;
  /** Base URL the caller reached the emulator on (used for hosted page links). */
  baseUrl: string;
  /** `null` when the emulator acts on its own (see `backgroundContext`). */
  requestId: string | null;
  idempotencyKey: string | null;
}

/**
 * A context for work the emulator does on its own, outside any HTTP request (e.g. renewing
 * subscriptions at period end). No params, headers or route; the events it emits carry
 * `request: { id: null, idempotency_key: null }`, as Stripe's automatic events do.
 */
export function backgroundContext(state: EmulatorState, baseUrl: string): RequestContext {
  return { method: "POST", path: "", route: {}, params: {}, json: undefined, headers: {}, state, baseUrl, requestId: null, idempotencyKey: null };
}

/** A response other than "200 with this JSON body". */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}

  static html(html: string, status = 200): Reply {
    return new Reply(status, html, { "content-type": "text/html; charset=utf-8" });
  }

  static redirect(location: string): Reply {
    return new Reply(303, "", { location });
  }
}

export type Handler = (ctx: RequestContext) => unknown;

/**
 * `v1`/`v2`: Stripe API, secret-key auth, faults, idempotency, counted.
 * `v2stream`: like v2 but authenticated with a meter event session token.
 * `local`: emulator control endpoints and hosted pages; no auth, no faults, not counted.
 */
export type RouteKind = "v1" | "v2" | "v2stream" | "local";

export interface Route {
  method: string;
  pattern: string;
  kind: RouteKind;
  handler: Handler;
}
