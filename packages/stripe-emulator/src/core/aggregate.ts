import type { EmulatorState } from "./state";
import type { MeterEventRecord } from "./store";
import type { Meter } from "./wire";

/** Accepted events of one meter and customer whose event time lies in [start, end). */
export function eventsInWindow(state: EmulatorState, meterId: string, customer: string, start: number, end: number): MeterEventRecord[] {
  return state
    .meterEventsFor(meterId, customer)
    .filter((e) => e.status === "accepted" && e.timestamp >= start && e.timestamp < end);
}

/** Applies the meter's formula: `sum` of values, `count` of events, or the `last` value by event time. */
export function aggregateEvents(meter: Meter, events: MeterEventRecord[]): number {
  switch (meter.default_aggregation.formula) {
    case "count":
      return events.length;
    case "last": {
      let last: MeterEventRecord | undefined;
      for (const e of events) if (!last || e.timestamp >= last.timestamp) last = e;
      return last?.value ?? 0;
    }
    default:
      return events.reduce((sum, e) => sum + (e.value ?? 0), 0);
  }
}

export function aggregate(state: EmulatorState, meter: Meter, customer: string, start: number, end: number): number {
  return aggregateEvents(meter, eventsInWindow(state, meter.id, customer, start, end));
}
