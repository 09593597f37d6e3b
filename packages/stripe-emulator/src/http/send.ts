import type { ServerResponse } from "node:http";
import Stripe from "stripe";
import type { ApiError } from "./errors";

export interface ResponseMeta {
  requestId: string;
  idempotencyKey: string | null;
  stripeVersion: string | undefined;
}

/** Writes a JSON (or HTML/redirect) response with the headers Stripe sends on every API response. */
export function send(res: ServerResponse, status: number, body: unknown, meta: ResponseMeta, headers: Record<string, string> = {}): void {
  const isText = typeof body === "string";
  const payload = isText ? body : JSON.stringify(body, null, 2);
  const out: Record<string, string> = {
    "content-type": "application/json",
    "request-id": meta.requestId,
    "stripe-version": meta.stripeVersion ?? Stripe.API_VERSION,
    "cache-control": "no-cache, no-store",
    ...headers,
  };
  if (meta.idempotencyKey) out["idempotency-key"] = meta.idempotencyKey;
  res.writeHead(status, out);
  res.end(payload);
}

export function sendError(res: ServerResponse, err: ApiError, meta: ResponseMeta): void {
  send(res, err.status, { error: err.body }, meta, err.headers);
}
