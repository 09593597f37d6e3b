import { findObject } from "../core/lookup";
import type { RequestContext } from "./context";
import { expand } from "./expand";
import { expandList } from "./params";

/** The response body for `value`, with the request's `expand[]` applied. */
export function withExpand<T>(ctx: RequestContext, value: T): T {
  return expand(value, expandList(ctx.params), (id) => findObject(ctx.state, id));
}

/** Emits a Stripe event caused by this request. */
export function emitFor(
  ctx: RequestContext,
  type: Parameters<RequestContext["state"]["emit"]>[0],
  object: object,
  previous?: Record<string, unknown>,
): void {
  ctx.state.emit(type, object, previous, { id: ctx.requestId, idempotency_key: ctx.idempotencyKey });
}
