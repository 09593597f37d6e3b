import { ApiError, invalidParam, invalidRequest, missingParam } from "../http/errors";
import { newId } from "./ids";
import type { EmulatorState } from "./state";
import type { MeterEventRecord } from "./store";

export const DEDUPE_WINDOW_SECONDS = 24 * 60 * 60;
export const MAX_PAST_SECONDS = 35 * 24 * 60 * 60;
export const MAX_FUTURE_SECONDS = 5 * 60;

export interface IncomingMeterEvent {
  event_name: string | undefined;
  payload: Record<string, string> | undefined;
  identifier?: string | undefined;
  timestamp?: number | undefined;
}

/**
 * Stripe's answer to a repeated identifier: a 400 that must not be retried. Stripe sends no
 * `code` for it (observed responses carry only type and message), so callers match the message.
 */
export function duplicateIdentifier(identifier: string): ApiError {
  return new ApiError(
    400,
    { type: "invalid_request_error", message: `An event already exists with identifier ${identifier}.` },
    { "Stripe-Should-Retry": "false" },
  );
}

/** Checks Stripe validates synchronously; throws the API error Stripe would return. */
function validateSync(state: EmulatorState, input: IncomingMeterEvent, now: number): { identifier: string; timestamp: number } {
  if (!input.event_name) throw missingParam("event_name");
  if (input.event_name.length > 100) throw invalidParam("event_name", "event_name must be at most 100 characters.");
  if (!input.payload) throw missingParam("payload");
  const identifier = input.identifier ?? newId("mev", 24);
  if (identifier.length > 100) throw invalidParam("identifier", "identifier must be at most 100 characters.");
  const timestamp = input.timestamp ?? now;
  if (timestamp < now - MAX_PAST_SECONDS) {
    throw invalidRequest(
      `Timestamp ${timestamp} is too far in the past; meter events must be within the past 35 calendar days.`,
      { code: "timestamp_too_far_in_past", param: "timestamp" },
    );
  }
  if (timestamp > now + MAX_FUTURE_SECONDS) {
    throw invalidRequest(
      `Timestamp ${timestamp} is in the future; meter events may be at most 5 minutes ahead.`,
      { code: "timestamp_in_future", param: "timestamp" },
    );
  }
  return { identifier, timestamp };
}

/**
 * Stripe validates the meter, the customer and the value asynchronously: the request succeeds,
 * the event is never aggregated and an error report is raised instead. Returns that error code.
 */
function asyncProblem(state: EmulatorState, rec: MeterEventRecord): string | undefined {
  const meter = Object.values(state.data.meters).find((m) => m.event_name === rec.event_name);
  if (!meter) return "no_meter";
  rec.meter = meter.id;
  if (meter.status !== "active") return "archived_meter";
  const customer = rec.payload[meter.customer_mapping.event_payload_key];
  if (!customer) return "meter_event_no_customer_defined";
  rec.customer = customer;
  if (!state.data.customers[customer]) return "meter_event_customer_not_found";
  const raw = rec.payload[meter.value_settings.event_payload_key];
  // `count` meters need no value; the other formulas need a number.
  if (meter.default_aggregation.formula === "count") {
    rec.value = 1;
    return undefined;
  }
  if (raw === undefined || !/^-?\d+(\.\d+)?$/.test(raw)) return "meter_event_invalid_value";
  const [, frac = ""] = raw.split(".");
  if (frac.length > 12) return "meter_event_value_too_many_digits";
  rec.value = Number(raw);
  return undefined;
}

/**
 * Accepts one meter event the way Stripe does. Sync errors (missing params, timestamp window,
 * duplicate identifier) throw; async errors store the event as `invalid`. Updates the counters.
 */
export function ingestMeterEvent(state: EmulatorState, input: IncomingMeterEvent, source: MeterEventRecord["source"]): MeterEventRecord {
  const now = state.now();
  let checked: { identifier: string; timestamp: number };
  try {
    checked = validateSync(state, input, now);
  } catch (err) {
    state.stats.meterEvents.rejected++;
    throw err;
  }
  const previous = state.meterEventByIdentifier(checked.identifier);
  if (previous && previous.created > now - DEDUPE_WINDOW_SECONDS) {
    state.stats.meterEvents.duplicate++;
    throw duplicateIdentifier(checked.identifier);
  }
  const rec: MeterEventRecord = {
    identifier: checked.identifier,
    event_name: input.event_name ?? "",
    payload: { ...(input.payload ?? {}) },
    timestamp: checked.timestamp,
    created: now,
    meter: null,
    customer: null,
    value: null,
    status: "accepted",
    source,
  };
  const problem = asyncProblem(state, rec);
  if (problem) {
    rec.status = "invalid";
    rec.error_code = problem;
    state.stats.meterEvents.invalid++;
  } else {
    state.stats.meterEvents.accepted++;
  }
  state.addMeterEvent(rec);
  return rec;
}
