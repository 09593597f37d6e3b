import { createHash } from "node:crypto";
import { aggregateEvents, eventsInWindow } from "../core/aggregate";
import { getCustomer, getMeter } from "../core/lookup";
import type { Meter, MeterEventSummary } from "../core/wire";
import type { RequestContext } from "../http/context";
import { invalidParam, missingParam } from "../http/errors";
import { paginate } from "../http/list";
import { allowOnly, oneOf, optInt, optString, reqString } from "../http/params";
import type { Router } from "../http/router";

const WINDOW_SECONDS = { hour: 3600, day: 86_400 } as const;

/** Stable ids, so `starting_after` works across calls for the same query. */
function summaryId(meter: string, customer: string, start: number, end: number): string {
  const digest = createHash("sha256").update(`${meter}|${customer}|${start}|${end}`).digest("base64url");
  return `mtrusg_test_${digest.slice(0, 40)}`;
}

function requireAligned(name: string, value: number, step: number, unit: string): void {
  if (value % step !== 0) {
    throw invalidParam(name, `${name} must be aligned with ${unit} boundaries (a multiple of ${step} seconds since the epoch); got ${value}.`);
  }
}

function summary(meter: Meter, customer: string, start: number, end: number, value: number): MeterEventSummary {
  return {
    id: summaryId(meter.id, customer, start, end),
    object: "billing.meter_event_summary",
    aggregated_value: value,
    end_time: end,
    livemode: false,
    meter: meter.id,
    start_time: start,
  };
}

/**
 * One summary for [start_time, end_time), or one per hour/day bucket that has events
 * (newest first, as Stripe lists them). Aggregates are immediate here; Stripe's are eventually consistent.
 */
function list(ctx: RequestContext) {
  const p = ctx.params;
  allowOnly(p, ["customer", "start_time", "end_time", "value_grouping_window", "limit", "starting_after", "ending_before"]);
  const meter = getMeter(ctx.state, ctx.route.id ?? "");
  const customer = getCustomer(ctx.state, reqString(p, "customer")).id;
  const start = optInt(p, "start_time");
  const end = optInt(p, "end_time");
  if (start === undefined) throw missingParam("start_time");
  if (end === undefined) throw missingParam("end_time");
  requireAligned("start_time", start, 60, "minute");
  requireAligned("end_time", end, 60, "minute");
  if (end <= start) throw invalidParam("end_time", "end_time must be after start_time.");
  const grouping = oneOf(optString(p, "value_grouping_window"), ["hour", "day"] as const, "value_grouping_window");
  const events = eventsInWindow(ctx.state, meter.id, customer, start, end);
  let data: MeterEventSummary[];
  if (!grouping) {
    data = [summary(meter, customer, start, end, aggregateEvents(meter, events))];
  } else {
    const step = WINDOW_SECONDS[grouping];
    requireAligned("start_time", start, step, grouping);
    requireAligned("end_time", end, step, grouping);
    const buckets = new Map<number, typeof events>();
    for (const e of events) {
      const bucket = e.timestamp - ((e.timestamp - start) % step);
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), e]);
    }
    data = [...buckets.entries()]
      .sort(([a], [b]) => b - a)
      .map(([bucketStart, bucketEvents]) => summary(meter, customer, bucketStart, bucketStart + step, aggregateEvents(meter, bucketEvents)));
  }
  return paginate(data, p, `/v1/billing/meters/${meter.id}/event_summaries`);
}

export function meterEventSummaryRoutes(router: Router): void {
  router.add("GET", "/v1/billing/meters/:id/event_summaries", "v1", list);
}
