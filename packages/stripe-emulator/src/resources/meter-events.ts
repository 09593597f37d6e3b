import { DEDUPE_WINDOW_SECONDS, ingestMeterEvent } from "../core/ingest";
import type { EmulatorState } from "../core/state";
import type { MeterEventRecord } from "../core/store";
import type { MeterEvent, MeterEventAdjustment } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam, invalidRequest } from "../http/errors";
import type { Params } from "../http/form";
import { allowOnly, oneOf, optInt, optObject, optString, reqString } from "../http/params";
import type { Router } from "../http/router";

function stringPayload(params: Params): Record<string, string> | undefined {
  const payload = optObject(params, "payload");
  if (!payload) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) {
    if (typeof v !== "string") throw invalidParam(`payload[${k}]`, "Payload values must be strings.");
    out[k] = v;
  }
  return out;
}

export function meterEventView(rec: MeterEventRecord): MeterEvent {
  return {
    object: "billing.meter_event",
    created: rec.created,
    event_name: rec.event_name,
    identifier: rec.identifier,
    livemode: false,
    payload: rec.payload,
    timestamp: rec.timestamp,
  };
}

function create(ctx: RequestContext): MeterEvent {
  allowOnly(ctx.params, ["event_name", "payload", "identifier", "timestamp"]);
  const rec = ingestMeterEvent(
    ctx.state,
    {
      event_name: optString(ctx.params, "event_name"),
      payload: stringPayload(ctx.params),
      identifier: optString(ctx.params, "identifier"),
      timestamp: optInt(ctx.params, "timestamp"),
    },
    "v1",
  );
  return meterEventView(rec);
}

/** Cancels an event by identifier; Stripe only allows it within 24 hours of receiving the event. */
export function cancelMeterEvent(state: EmulatorState, eventName: string, identifier: string): void {
  const rec = state.meterEventByIdentifier(identifier);
  if (!rec || rec.event_name !== eventName) {
    throw invalidParam("cancel[identifier]", `No meter event with identifier '${identifier}' for event_name '${eventName}'.`, "resource_missing");
  }
  if (rec.created <= state.now() - DEDUPE_WINDOW_SECONDS) {
    throw invalidRequest("Meter events can only be canceled within 24 hours of being received.", { param: "cancel[identifier]" });
  }
  if (rec.status === "canceled") {
    throw invalidRequest(`The meter event with identifier '${identifier}' is already canceled.`, { param: "cancel[identifier]" });
  }
  rec.status = "canceled";
  state.changed();
}

function adjust(ctx: RequestContext): MeterEventAdjustment {
  allowOnly(ctx.params, ["event_name", "type", "cancel"]);
  const eventName = reqString(ctx.params, "event_name");
  oneOf(optString(ctx.params, "type") ?? "cancel", ["cancel"] as const, "type");
  const cancel = optObject(ctx.params, "cancel") ?? {};
  const identifier = reqString(cancel, "identifier", "cancel[identifier]");
  cancelMeterEvent(ctx.state, eventName, identifier);
  return {
    object: "billing.meter_event_adjustment",
    cancel: { identifier },
    event_name: eventName,
    livemode: false,
    status: "complete",
    type: "cancel",
  };
}

export function meterEventRoutes(router: Router): void {
  router
    .add("POST", "/v1/billing/meter_events", "v1", create)
    .add("POST", "/v1/billing/meter_event_adjustments", "v1", adjust);
}
