import { z } from "zod";
import { ingestMeterEvent, type IncomingMeterEvent } from "../core/ingest";
import { newId } from "../core/ids";
import type { EmulatorState } from "../core/state";
import type { V2MeterEventSession } from "../core/wire";
import type { RequestContext } from "../http/context";
import { ApiError, invalidRequest } from "../http/errors";
import { Reply } from "../http/context";
import type { Router } from "../http/router";
import { cancelMeterEvent } from "./meter-events";

export const SESSION_SECONDS = 15 * 60;
export const MAX_STREAM_EVENTS = 100;

const eventSchema = z.object({
  event_name: z.string().min(1).max(100),
  payload: z.record(z.string(), z.string()),
  identifier: z.string().min(1).max(100).optional(),
  timestamp: z.iso.datetime({ offset: true }).optional(),
});

const streamSchema = z.object({ events: z.array(eventSchema).min(1).max(MAX_STREAM_EVENTS) });
const adjustmentSchema = z.object({
  event_name: z.string().min(1),
  type: z.literal("cancel"),
  cancel: z.object({ identifier: z.string().min(1) }),
});

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** v2 bodies are JSON; a schema failure is reported as Stripe's `invalid_fields` request error. */
function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join(".") || "(body)";
  throw invalidRequest(`${where}: ${issue?.message ?? "invalid"}`, { code: "invalid_fields", param: where });
}

function toIncoming(e: z.infer<typeof eventSchema>): IncomingMeterEvent {
  return {
    event_name: e.event_name,
    payload: e.payload,
    identifier: e.identifier,
    timestamp: e.timestamp === undefined ? undefined : Math.floor(Date.parse(e.timestamp) / 1000),
  };
}

function createSession(ctx: RequestContext): V2MeterEventSession {
  const now = ctx.state.now();
  const id = newId("mes", 24);
  const token = newId("mes_tok", 48);
  ctx.state.data.meterEventSessions[token] = { id, token, created: now, expires_at: now + SESSION_SECONDS };
  ctx.state.changed();
  return { id, object: "v2.billing.meter_event_session", authentication_token: token, created: iso(now), expires_at: iso(now + SESSION_SECONDS), livemode: false };
}

/** Authenticates the stream with a session token; an expired one gets Stripe's `temporary_session_expired`. */
export function authenticateStream(state: EmulatorState, token: string | undefined): void {
  const session = token ? state.data.meterEventSessions[token] : undefined;
  if (!session) {
    throw new ApiError(401, {
      type: "invalid_request_error",
      message: "The meter event stream needs the authentication_token of a meter event session as its Bearer token.",
    });
  }
  if (session.expires_at <= state.now()) {
    throw new ApiError(401, {
      type: "temporary_session_expired",
      code: "billing_meter_event_session_expired",
      message: "The meter event session has expired; create a new session and retry with its token.",
    });
  }
}

/** Up to 100 events; validated asynchronously, so a bad or duplicate event is dropped, not reported. */
function stream(ctx: RequestContext): Reply {
  const { events } = parse(streamSchema, ctx.json);
  for (const e of events) {
    try {
      ingestMeterEvent(ctx.state, toIncoming(e), "v2_stream");
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
    }
  }
  return new Reply(202, {});
}

function createOne(ctx: RequestContext) {
  const rec = ingestMeterEvent(ctx.state, toIncoming(parse(eventSchema, ctx.json)), "v2");
  return {
    object: "v2.billing.meter_event",
    created: iso(rec.created),
    event_name: rec.event_name,
    identifier: rec.identifier,
    livemode: false,
    payload: rec.payload,
    timestamp: iso(rec.timestamp),
  };
}

function adjust(ctx: RequestContext) {
  const body = parse(adjustmentSchema, ctx.json);
  cancelMeterEvent(ctx.state, body.event_name, body.cancel.identifier);
  return {
    id: newId("mea", 24),
    object: "v2.billing.meter_event_adjustment",
    cancel: body.cancel,
    created: iso(ctx.state.now()),
    event_name: body.event_name,
    livemode: false,
    status: "complete",
    type: "cancel",
  };
}

export function meterEventV2Routes(router: Router): void {
  router
    .add("POST", "/v2/billing/meter_event_session", "v2", createSession)
    .add("POST", "/v2/billing/meter_event_stream", "v2stream", stream)
    .add("POST", "/v2/billing/meter_events", "v2", createOne)
    .add("POST", "/v2/billing/meter_event_adjustments", "v2", adjust);
}
